// The append-only audit log in SQLite.
#include "archive/store/audit.h"

namespace archive::store {

void AuditRepo::append(const AuditEntry& e) {
  auto st = db_.prepare(R"SQL(
INSERT INTO audit_log (at, business_date, os_login, operator, action, archive_no, detail)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
)SQL");
  st.bind(1, e.at).bind(2, e.business_date).bind(3, e.os_login).bind(4, e.op);
  st.bind(5, e.action).bind_text_or_null(6, e.archive_no).bind_text_or_null(7, e.detail);
  st.run();
}

std::vector<AuditEntry> AuditRepo::list(const AuditFilter& f) {
  auto st = db_.prepare(R"SQL(
SELECT at, business_date, os_login, operator, action, archive_no, detail FROM audit_log
 WHERE (:no = '' OR archive_no = :no)
   AND (:from = '' OR business_date >= :from)
   AND (:to = '' OR business_date <= :to)
 ORDER BY id
)SQL");
  st.bind(":no", f.archive_no).bind(":from", f.from).bind(":to", f.to);
  std::vector<AuditEntry> out;
  while (st.step()) {
    out.push_back(
        {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)});
  }
  return out;
}

}  // namespace archive::store
