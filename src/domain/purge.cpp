// Retention decisions of purge: what is due, what blocks it.
#include "archive/domain/purge.h"

#include <algorithm>

#include "archive/domain/retention.h"

namespace archive::domain {

namespace {

void add_kind(std::vector<std::string>& kinds, const std::string& kind) {
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
}

// The whole archive as one item, its end the latest of the closing end and the material ends.
DueItem whole(const ArchiveFacts& a, int closed_years) {
  DueItem item;
  item.archive_id = a.id;
  item.archive_no = a.archive_no;
  if (a.status == "closed" && a.closed_on) {
    item.retention_end = retention_end(*a.closed_on, closed_years);
  }
  for (const auto& m : a.materials) {
    add_kind(item.kinds, m.kind);
    item.pages += m.pages;
    const Date end = material_end(m);
    if (!item.retention_end || end > *item.retention_end) item.retention_end = end;
  }
  return item;
}

void block_on_loan(const ArchiveFacts& a, DueItem& item) {
  if (item.block != Block::kNone) return;
  for (const auto& m : a.materials) {
    if ((item.whole_archive() || m.id == item.material_id) && !m.open_loan.empty()) {
      item.block = Block::kOnLoan;
      item.block_detail = m.open_loan;
      return;
    }
  }
}

void block_held(const ArchiveFacts& a, DueItem& item) {
  if (a.held) item.block = Block::kHeld;
}

void block_complaint(const ArchiveFacts& a, DueItem& item) {
  if (item.block == Block::kNone && !a.open_complaint.empty()) {
    item.block = Block::kOpenComplaint;
    item.block_detail = a.open_complaint;
  }
}

}  // namespace

Date material_end(const MaterialFacts& m) {
  return m.kind_years ? retention_end(m.filed, *m.kind_years) : m.stored_end;
}

std::string DueItem::item() const {
  return whole_archive() ? archive_no : archive_no + "/" + std::to_string(material_seq);
}

std::vector<DueItem> due_for_destruction(const ArchiveFacts& a, int closed_years, Date today) {
  std::vector<DueItem> out;
  bool all_materials_past = true;
  for (const auto& m : a.materials) {
    if (!past_retention(material_end(m), today)) all_materials_past = false;
  }
  const bool archive_past = a.status == "closed" && a.closed_on &&
                            past_retention(retention_end(*a.closed_on, closed_years), today);
  if (archive_past && all_materials_past) {
    out.push_back(whole(a, closed_years));
  } else {
    for (const auto& m : a.materials) {
      const Date end = material_end(m);
      if (!past_retention(end, today)) continue;
      DueItem item;
      item.archive_id = a.id;
      item.archive_no = a.archive_no;
      item.material_id = m.id;
      item.material_seq = m.seq;
      item.kinds = {m.kind};
      item.pages = m.pages;
      item.retention_end = end;
      out.push_back(std::move(item));
    }
  }
  for (auto& item : out) {
    block_held(a, item);
    block_on_loan(a, item);
    block_complaint(a, item);
  }
  return out;
}

DueItem erasure_on_request(const ArchiveFacts& a, int closed_years) {
  DueItem item = whole(a, closed_years);
  block_held(a, item);
  block_on_loan(a, item);
  return item;
}

}  // namespace archive::domain
