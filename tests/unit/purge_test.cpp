// Retention decisions of purge (what is due, what blocks it) and the network file systems
// `check` warns about.
#include "archive/domain/purge.h"

#include <doctest/doctest.h>

#include <string>

#include "archive/io/filesystem.h"

using archive::domain::ArchiveFacts;
using archive::domain::Block;
using archive::domain::Date;
using archive::domain::due_for_destruction;
using archive::domain::erasure_on_request;
using archive::domain::material_end;
using archive::domain::MaterialFacts;

namespace {

Date d(const char* iso) { return *Date::from_iso(iso); }

MaterialFacts material(std::int64_t seq, const char* filed, int years, std::int64_t pages = 3) {
  MaterialFacts m;
  m.id = 100 + seq;
  m.seq = seq;
  m.kind = years == 10 ? "contract" : "photo";
  m.pages = pages;
  m.filed = d(filed);
  m.stored_end = m.filed.plus_years(years);
  m.kind_years = years;
  return m;
}

ArchiveFacts make_archive(const char* status, const char* closed_on = nullptr) {
  ArchiveFacts a;
  a.id = 1;
  a.archive_no = "KH-000001";
  a.status = status;
  if (closed_on) a.closed_on = d(closed_on);
  return a;
}

}  // namespace

TEST_CASE("a material is due the day after its retention end, never on it") {
  auto a = make_archive("active");
  a.materials = {material(1, "2016-03-12", 10)};
  CHECK(due_for_destruction(a, 10, d("2026-03-12")).empty());
  const auto due = due_for_destruction(a, 10, d("2026-03-13"));
  REQUIRE(due.size() == 1);
  CHECK(due[0].item() == "KH-000001/1");
  CHECK(due[0].retention_end->iso() == "2026-03-12");
  CHECK(due[0].block == Block::kNone);
}

TEST_CASE("the config's period decides, not the end recorded at filing") {
  auto m = material(1, "2016-03-12", 10);
  m.kind_years = 5;  // the config shortened the period
  CHECK(material_end(m).iso() == "2021-03-12");
  m.kind_years.reset();  // the kind is gone from the config: the recorded end stands
  CHECK(material_end(m).iso() == "2026-03-12");
  m.filed = d("2024-02-29");
  m.kind_years = 5;
  CHECK(material_end(m).iso() == "2029-02-28");
}

TEST_CASE("an archive is due when closed, past its end, and no material is within retention") {
  auto a = make_archive("closed", "2015-06-01");
  a.materials = {material(1, "2010-01-05", 10), material(2, "2012-01-05", 10, 0)};
  SUBCASE("everything past: the whole archive, its end the latest end") {
    const auto due = due_for_destruction(a, 10, d("2026-03-12"));
    REQUIRE(due.size() == 1);
    CHECK(due[0].whole_archive());
    CHECK(due[0].item() == "KH-000001");
    CHECK(due[0].retention_end->iso() == "2025-06-01");
    CHECK(due[0].pages == 3);
    CHECK(due[0].kinds == std::vector<std::string>{"contract"});
  }
  SUBCASE("the archive's own end not yet passed: only materials") {
    const auto due = due_for_destruction(a, 12, d("2026-03-12"));
    REQUIRE(due.size() == 2);
    CHECK_FALSE(due[0].whole_archive());
  }
  SUBCASE("a material still within retention keeps the archive") {
    a.materials.push_back(material(3, "2020-01-05", 10));
    const auto due = due_for_destruction(a, 10, d("2026-03-12"));
    REQUIRE(due.size() == 2);
    CHECK(due[0].item() == "KH-000001/1");
    CHECK(due[1].item() == "KH-000001/2");
  }
  SUBCASE("an active archive is never due as a whole") {
    a.status = "active";
    a.closed_on.reset();
    CHECK(due_for_destruction(a, 10, d("2040-01-01")).size() == 2);
  }
  SUBCASE("a closed archive without materials") {
    a.materials.clear();
    CHECK(due_for_destruction(a, 10, d("2025-06-01")).empty());
    CHECK(due_for_destruction(a, 10, d("2025-06-02")).size() == 1);
  }
}

TEST_CASE("blocks: a hold first, then a loan of that item, then an open complaint") {
  auto a = make_archive("active");
  a.materials = {material(1, "2010-01-05", 10), material(2, "2010-01-05", 10)};
  a.materials[1].open_loan = "L-000003";
  auto due = due_for_destruction(a, 10, d("2026-03-12"));
  REQUIRE(due.size() == 2);
  CHECK(due[0].block == Block::kNone);
  CHECK(due[1].block == Block::kOnLoan);
  CHECK(due[1].block_detail == "L-000003");
  a.open_complaint = "F-000012";
  due = due_for_destruction(a, 10, d("2026-03-12"));
  CHECK(due[0].block == Block::kOpenComplaint);
  CHECK(due[1].block == Block::kOnLoan);
  a.held = true;
  due = due_for_destruction(a, 10, d("2026-03-12"));
  CHECK(due[0].block == Block::kHeld);
  CHECK(due[1].block == Block::kHeld);
}

TEST_CASE("erasure on request ignores retention and complaints, not holds or loans") {
  auto a = make_archive("active");
  a.materials = {material(1, "2026-01-05", 10)};
  a.open_complaint = "F-000001";
  auto item = erasure_on_request(a, 10);
  CHECK(item.whole_archive());
  CHECK(item.block == Block::kNone);
  CHECK(item.retention_end->iso() == "2036-01-05");
  a.materials[0].open_loan = "L-000001";
  CHECK(erasure_on_request(a, 10).block == Block::kOnLoan);
  a.held = true;
  CHECK(erasure_on_request(a, 10).block == Block::kHeld);
  a.materials.clear();
  CHECK_FALSE(erasure_on_request(a, 10).retention_end.has_value());
}

TEST_CASE("network file systems by their statfs magic") {
  CHECK(archive::io::network_fs_name(0x6969) == std::string("NFS"));
  CHECK(archive::io::network_fs_name(static_cast<long>(0xFF534D42UL)) == std::string("CIFS"));
  CHECK(archive::io::network_fs_name(0x65735546) == std::string("FUSE"));
  CHECK_FALSE(archive::io::network_fs_name(0xEF53).has_value());      // ext4
  CHECK_FALSE(archive::io::network_fs_name(0x01021994).has_value());  // tmpfs
}
