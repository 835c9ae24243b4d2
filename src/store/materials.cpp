// Materials and legal holds in SQLite: the material table, open loan items, customer holds.
#include "archive/store/materials.h"

namespace archive::store {

namespace {

constexpr std::string_view kInsertMaterial = R"SQL(
INSERT INTO material (customer_id, seq, title, kind, pages, location, level, filed,
                      retention_end, path, sha256)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
)SQL";

// At most one open loan item per material: lending refuses what is already out.
constexpr std::string_view kMaterialsOfCustomer = R"SQL(
SELECT m.id, m.seq, m.title, m.kind, m.pages, m.location, m.level, m.filed, m.retention_end,
       m.path, m.sha256, m.destroyed_on, l.loan_no, l.borrower, l.dept, l.lent_on, l.due
  FROM material m
  LEFT JOIN loan_item i ON i.material_id = m.id AND i.returned_on IS NULL
  LEFT JOIN loan l ON l.id = i.loan_id
 WHERE m.customer_id = ?1
 ORDER BY m.seq
)SQL";

constexpr std::string_view kElectronic = R"SQL(
SELECT c.archive_no, m.seq, m.path, m.sha256
  FROM material m JOIN customer c ON c.id = m.customer_id
 WHERE m.path IS NOT NULL AND m.destroyed_on IS NULL AND c.status <> 'destroyed'
 ORDER BY c.archive_no, m.seq
)SQL";

}  // namespace

std::int64_t MaterialRepo::next_seq(std::int64_t customer_id) {
  auto st = db_.prepare("SELECT coalesce(max(seq), 0) + 1 FROM material WHERE customer_id = ?1");
  st.bind(1, customer_id);
  st.step();
  return st.integer(0);
}

std::int64_t MaterialRepo::insert(const Material& m) {
  auto st = db_.prepare(kInsertMaterial);
  st.bind(1, m.customer_id).bind(2, m.seq).bind(3, m.title).bind(4, m.kind);
  if (m.pages > 0) {
    st.bind(5, m.pages);
  } else {
    st.bind_null(5);
  }
  st.bind_text_or_null(6, m.location)
      .bind(7, m.level)
      .bind(8, m.filed)
      .bind(9, m.retention_end)
      .bind_text_or_null(10, m.path)
      .bind_text_or_null(11, m.sha256);
  st.run();
  return db_.last_insert_rowid();
}

std::vector<MaterialState> MaterialRepo::of_customer(std::int64_t customer_id) {
  auto st = db_.prepare(kMaterialsOfCustomer);
  st.bind(1, customer_id);
  std::vector<MaterialState> out;
  while (st.step()) {
    MaterialState s;
    auto& m = s.material;
    m.id = st.integer(0);
    m.customer_id = customer_id;
    m.seq = st.integer(1);
    m.title = st.text(2);
    m.kind = st.text(3);
    m.pages = st.is_null(4) ? 0 : st.integer(4);
    m.location = st.text(5);
    m.level = st.text(6);
    m.filed = st.text(7);
    m.retention_end = st.text(8);
    m.path = st.text(9);
    m.sha256 = st.text(10);
    m.destroyed_on = st.text(11);
    if (!st.is_null(12)) {
      s.loan = OpenLoan{st.text(12), st.text(13), st.text(14), st.text(15), st.text(16)};
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<ElectronicMaterial> MaterialRepo::electronic() {
  auto st = db_.prepare(kElectronic);
  std::vector<ElectronicMaterial> out;
  while (st.step()) out.push_back({st.text(0), st.integer(1), st.text(2), st.text(3)});
  return out;
}

std::optional<Hold> hold_of(Db& db, std::int64_t customer_id) {
  auto st = db.prepare(
      "SELECT legal_hold, legal_hold_since FROM customer WHERE id = ?1 AND legal_hold IS NOT NULL");
  st.bind(1, customer_id);
  if (!st.step()) return std::nullopt;
  return Hold{st.text(0), st.text(1)};
}

void set_hold(Db& db, std::int64_t customer_id, const std::optional<Hold>& hold) {
  auto st = db.prepare("UPDATE customer SET legal_hold = ?2, legal_hold_since = ?3 WHERE id = ?1");
  st.bind(1, customer_id);
  if (hold) {
    st.bind(2, hold->reason).bind(3, hold->since);
  } else {
    st.bind_null(2).bind_null(3);
  }
  st.run();
}

}  // namespace archive::store
