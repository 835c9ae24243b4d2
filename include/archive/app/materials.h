// Use cases of materials (归档材料) and legal holds: file, verify, hold, unhold, and the
// material tables of `show`. Changes are one BEGIN IMMEDIATE transaction with their audit
// entry; every check runs first, so a refused command leaves the database as it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "archive/app/session.h"
#include "archive/domain/customer.h"
#include "archive/report/table.h"
#include "archive/store/db.h"

namespace archive::app {

// `archive file NO --title T ...`: raw values as typed; empty members take their default.
struct FileRequest {
  std::string archive_no;
  std::string title;                  // required: free text, at most 200 characters
  std::string kind;                   // a [materials.*] name or label; default "other"
  std::optional<std::int64_t> pages;  // at least 1 (else 64)
  std::string location;               // cabinet/shelf/box, free text
  std::string level;                  // code or Chinese label; default: the archive's level
  std::string filed;                  // any date form; default: the business date
  std::string path;                   // an electronic material's file
};

// Files a material into an active archive and returns its id "NO/N" (N: the archive's
// highest material number + 1). Its retention ends `filed` + the kind's retention_years.
// With a path, the file must be a readable regular file (66); its absolute path and SHA-256
// are recorded. Refused: unknown kind, level or a filing date after the business date (65);
// no such archive (66); a closed or destroyed archive (77). Audit "file", detail "NO/N".
std::string file_material(const Session& session, const FileRequest& request);

// `archive verify`: reads every electronic material that is not destroyed and compares its
// file with the recorded SHA-256. Read only.
struct VerifyResult {
  report::Table problems;   // archive_no, material, path, problem (missing|unreadable|changed)
  std::size_t checked = 0;  // electronic materials looked at
};
VerifyResult verify_materials(const Session& session);

// `archive hold NO --reason TEXT`: only a manager ([roles] managers names the operator or
// the login; else 77). Already held: 65, saying since when and why; destroyed: 77; no such
// archive: 66; an empty reason: 64. The reason goes to the field history (legal_hold) and
// the card; audit "hold".
void hold_archive(const Session& session, const std::string& archive_no, const std::string& reason);
// `archive unhold NO --reason TEXT`: the same rules; not held: 65. Audit "unhold".
void unhold_archive(const Session& session, const std::string& archive_no,
                    const std::string& reason);

// The tables `show` prints about a card's materials, inside show's transaction: "materials"
// (id, title, kind, pages, location, level, filed, retention_end, path, state; sha256 in CSV
// and JSON only) when it has any, and, while the archive is held, "hold" (reason, since).
// Empty when the archive has neither.
std::vector<report::Table> material_tables(store::Db& db, const Session& session,
                                           const domain::Customer& customer);

}  // namespace archive::app
