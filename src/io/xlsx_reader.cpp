// The XLSX reader of `archive import`: one sheet of an Office Open XML workbook as rows of
// typed cells, behind the RowReader interface of rows.h.
//
// Written here by hand on libzip and expat: Debian 12 packages no XLSX reader library for C
// or C++. The workbook is found the way the format defines it (_rels/.rels -> workbook part
// -> its relationships -> sheets, shared strings, styles); sheet XML is streamed: zip_fread
// in 64 KiB chunks into XML_Parse, rows handed out one by one from a small queue, so memory
// stays flat however long the sheet. Missing cells become empty cells at their column, and
// a row is padded with empty cells to the width of the first row (the header), since Excel
// leaves trailing empty cells out. Shared strings are held in memory (cells refer to them
// by index), packed in 1 MiB blocks with 4 bytes of index per string.
//
// Caps against zip bombs and hostile XML (XlsxLimits in archive/io/xlsx.h), counted on the
// bytes actually decompressed, not on what the central directory claims:
//   - at most 10,000 files in the zip archive;
//   - at most 4 GiB decompressed over all parts read (a 1,000,000-row sheet of 16 columns
//     is about 0.7 GB of XML);
//   - at most 100 decompressed bytes per compressed byte in a part, once it is past its
//     first 1 MiB (real sheets compress 5 to 20 times; a zip bomb about 1000 times);
//   - XML elements nested at most 64 deep, and no DTD at all (so no entity expansion);
//   - at most 32,767 characters in a cell (Excel's own limit), columns up to XFD and rows
//     up to 1,048,576 (Excel's last cell).
// Encrypted workbooks are OLE compound files (magic D0 CF 11 E0) holding an
// EncryptedPackage stream; they are recognised and refused with a message that says so.
#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "archive/error.h"
#include "archive/i18n.h"
#include "archive/io/rows.h"
#include "archive/io/xlsx.h"

namespace archive::io {

namespace {

using xlsx::NumberKind;

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxCellBytes = 32'767 * 4;  // 32,767 UTF-16 units, at most 4 bytes each
constexpr std::size_t kMaxColumns = 16'384;

template <typename... Args>
std::string format_tr(const char* msgid, Args&&... args) {
  return fmt::format(fmt::runtime(tr(msgid)), std::forward<Args>(args)...);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += tr(", ");
    out += item;
  }
  return out;
}

bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// ---------------------------------------------------------------------------------------
// What a file is by its first bytes.

constexpr std::string_view kZipMagic("PK\x03\x04", 4);
constexpr std::string_view kEmptyZipMagic("PK\x05\x06", 4);
constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
// The stream name of an encrypted OOXML package inside its compound file, in UTF-16LE.
constexpr std::string_view kEncryptedPackage("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0",
                                             32);

bool has_prefix(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Throws the right error for bytes that are no zip archive: an encrypted workbook, an old
// .xls workbook, text (a CSV file named .xlsx) or anything else. `encrypted` says whether
// an OLE file holds an EncryptedPackage stream.
[[noreturn]] void refuse_non_zip(const std::string& name, std::string_view head, bool encrypted) {
  if (head.empty()) {
    throw Error(Exit::kData, format_tr("{} is not an xlsx workbook: the file is empty", name));
  }
  if (has_prefix(head, kOleMagic)) {
    if (encrypted) {
      throw Error(Exit::kData,
                  format_tr("{} is encrypted with a password; save it without one and import "
                            "again",
                            name));
    }
    throw Error(Exit::kData,
                format_tr("{} is not an xlsx workbook but an Excel 97-2003 one (.xls); save it "
                          "as .xlsx and import again",
                          name));
  }
  if (head.find('\0') == std::string_view::npos) {
    throw Error(Exit::kData,
                format_tr("{} is not an xlsx workbook: it holds text, not a zip archive (a CSV "
                          "file? name it .csv)",
                          name));
  }
  throw Error(Exit::kData, format_tr("{} is not an xlsx workbook: it is not a zip archive", name));
}

// ---------------------------------------------------------------------------------------
// The zip archive and its parts, read under the caps.

struct ZipDiscard {
  void operator()(zip_t* zip) const { zip_discard(zip); }
};
struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct ZipErrorFini {
  void operator()(zip_error_t* error) const { zip_error_fini(error); }
};

std::string zip_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::unique_ptr<zip_error_t, ZipErrorFini> owner(&error);
  return zip_error_strerror(&error);
}

[[noreturn]] void refuse_damaged(const std::string& name, const std::string& detail) {
  throw Error(Exit::kData, format_tr("{} is a damaged zip archive ({})", name, detail));
}

class Package {
 public:
  Package(std::string name, const XlsxLimits& limits) : name_(std::move(name)), limits_(limits) {}

  void open_file(const std::filesystem::path& path) {
    int code = 0;
    zip_.reset(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code));
    if (!zip_) refuse_damaged(name_, zip_message(code));
    check_entries();
  }

  void open_memory(std::string bytes) {
    bytes_ = std::move(bytes);
    zip_error_t error;
    zip_error_init(&error);
    std::unique_ptr<zip_error_t, ZipErrorFini> owner(&error);
    zip_source_t* source = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
    if (source == nullptr) refuse_damaged(name_, zip_error_strerror(&error));
    zip_.reset(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!zip_) {
      zip_source_free(source);
      refuse_damaged(name_, zip_error_strerror(&error));
    }
    check_entries();
  }

  const std::string& name() const { return name_; }
  const XlsxLimits& limits() const { return limits_; }
  zip_t* zip() const { return zip_.get(); }

  // The index of a part by its name (case-insensitive, as OPC part names are).
  std::optional<zip_uint64_t> find(const std::string& part) const {
    const zip_int64_t index = zip_name_locate(zip_.get(), part.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::nullopt;
    return static_cast<zip_uint64_t>(index);
  }

  // Counts decompressed bytes against the total cap.
  void count(std::uint64_t bytes) {
    total_ += bytes;
    if (total_ > limits_.max_total_bytes) {
      throw Error(Exit::kData, format_tr("{} unpacks to more than {} MiB; refused (a zip bomb?)",
                                         name_, limits_.max_total_bytes >> 20));
    }
  }

 private:
  void check_entries() {
    const zip_int64_t entries = zip_get_num_entries(zip_.get(), 0);
    if (entries < 0 || static_cast<std::uint64_t>(entries) > limits_.max_entries) {
      throw Error(Exit::kData, format_tr("{} holds more than {} files; refused (a zip bomb?)",
                                         name_, limits_.max_entries));
    }
  }

  std::string name_;
  XlsxLimits limits_;
  std::string bytes_;  // the archive itself when read from memory; outlives zip_
  std::unique_ptr<zip_t, ZipDiscard> zip_;
  std::uint64_t total_ = 0;
};

// One part decompressed chunk by chunk, under the ratio and total caps.
class PartStream {
 public:
  PartStream(Package& package, zip_uint64_t index, std::string part)
      : package_(package), part_(std::move(part)) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(package.zip(), index, 0, &stat) != 0) {
      refuse_damaged(package.name(), zip_strerror(package.zip()));
    }
    if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0) compressed_ = stat.comp_size;
    if ((stat.valid & ZIP_STAT_SIZE) != 0) claimed_ = stat.size;
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != ZIP_EM_NONE) {
      throw Error(Exit::kData,
                  format_tr("{} is encrypted with a password; save it without one and import "
                            "again",
                            package.name()));
    }
    check(claimed_);  // what the directory claims already too much: no need to unpack it
    file_.reset(zip_fopen_index(package.zip(), index, 0));
    if (!file_) refuse_damaged(package.name(), zip_strerror(package.zip()));
  }

  // Up to `size` bytes into `buffer`; 0 at the end of the part.
  std::size_t read(char* buffer, std::size_t size) {
    const zip_int64_t got = zip_fread(file_.get(), buffer, size);
    if (got < 0) {
      refuse_damaged(
          package_.name(),
          fmt::format("{}: {}", part_, zip_error_strerror(zip_file_get_error(file_.get()))));
    }
    const auto bytes = static_cast<std::uint64_t>(got);
    produced_ += bytes;
    check(produced_);
    package_.count(bytes);
    return static_cast<std::size_t>(bytes);
  }

  std::uint64_t produced() const { return produced_; }
  std::uint64_t claimed() const { return claimed_; }
  std::uint64_t compressed() const { return compressed_; }
  const std::string& part() const { return part_; }

 private:
  void check(std::uint64_t size) const {
    const XlsxLimits& limits = package_.limits();
    if (size > limits.ratio_grace_bytes &&
        size / limits.max_ratio > std::max<std::uint64_t>(compressed_, 1)) {
      throw Error(Exit::kData, format_tr("{}: {} expands more than {} times; refused (a zip bomb?)",
                                         package_.name(), part_, limits.max_ratio));
    }
    if (size > limits.max_total_bytes) {
      throw Error(Exit::kData, format_tr("{} unpacks to more than {} MiB; refused (a zip bomb?)",
                                         package_.name(), limits.max_total_bytes >> 20));
    }
  }

  Package& package_;
  std::string part_;
  std::unique_ptr<zip_file_t, ZipFileClose> file_;
  std::uint64_t compressed_ = 0;
  std::uint64_t claimed_ = 0;
  std::uint64_t produced_ = 0;
};

// ---------------------------------------------------------------------------------------
// XML through expat, with namespaces resolved ("URI local") and matched on local names.

std::string_view local_name(const XML_Char* name) {
  const std::string_view full(name);
  const auto space = full.rfind(' ');
  return space == std::string_view::npos ? full : full.substr(space + 1);
}

const XML_Char* attribute(const XML_Char** attrs, std::string_view local) {
  for (std::size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (local_name(attrs[i]) == local) return attrs[i + 1];
  }
  return nullptr;
}

class XmlHandler {
 public:
  XmlHandler() = default;
  XmlHandler(const XmlHandler&) = delete;
  XmlHandler& operator=(const XmlHandler&) = delete;
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view /*data*/) {}
  // A problem found by a handler: the parser stops and feed() throws it.
  std::string problem;
};

struct ParserFree {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

class XmlParser {
 public:
  XmlParser(XmlHandler& handler, int max_depth, std::string where)
      : handler_(handler), max_depth_(max_depth), where_(std::move(where)) {
    parser_.reset(XML_ParserCreateNS(nullptr, ' '));
    if (!parser_) throw std::bad_alloc();
    XML_SetUserData(parser_.get(), this);
    XML_SetElementHandler(parser_.get(), &XmlParser::on_start, &XmlParser::on_end);
    XML_SetCharacterDataHandler(parser_.get(), &XmlParser::on_text);
    XML_SetStartDoctypeDeclHandler(parser_.get(), &XmlParser::on_doctype);
  }

  // Parses the next piece; `last` for the end of the document. Throws Error(kData) for XML
  // that is not well-formed, nested too deep, or that a handler found wrong.
  void feed(const char* data, std::size_t size, bool last) {
    if (XML_Parse(parser_.get(), data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE) ==
        XML_STATUS_OK) {
      return;
    }
    if (failure_) std::rethrow_exception(failure_);
    if (!handler_.problem.empty()) throw Error(Exit::kData, handler_.problem);
    throw Error(Exit::kData, format_tr("{} is not well-formed XML (line {}: {})", where_,
                                       XML_GetCurrentLineNumber(parser_.get()),
                                       XML_ErrorString(XML_GetErrorCode(parser_.get()))));
  }

 private:
  void stop() { XML_StopParser(parser_.get(), XML_FALSE); }

  // Exceptions must not cross expat's C frames: they are kept and rethrown by feed().
  template <typename F>
  static void guarded(void* data, F&& f) {
    auto* self = static_cast<XmlParser*>(data);
    if (self->failure_ || !self->handler_.problem.empty()) return;
    try {
      f(*self);
    } catch (...) {
      self->failure_ = std::current_exception();
    }
    if (self->failure_ || !self->handler_.problem.empty()) self->stop();
  }

  static void on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
    guarded(data, [&](XmlParser& self) {
      if (++self.depth_ > self.max_depth_) {
        self.handler_.problem = format_tr("{} nests XML elements more than {} deep; refused",
                                          self.where_, self.max_depth_);
        return;
      }
      self.handler_.start(local_name(name), attrs);
    });
  }
  static void on_end(void* data, const XML_Char* name) {
    guarded(data, [&](XmlParser& self) {
      --self.depth_;
      self.handler_.end(local_name(name));
    });
  }
  static void on_text(void* data, const XML_Char* text, int length) {
    guarded(data, [&](XmlParser& self) {
      self.handler_.text(std::string_view(text, static_cast<std::size_t>(length)));
    });
  }
  static void on_doctype(void* data, const XML_Char* /*name*/, const XML_Char* /*sysid*/,
                         const XML_Char* /*pubid*/, int /*has_internal_subset*/) {
    guarded(data, [](XmlParser& self) {
      self.handler_.problem =
          format_tr("{} has a DTD, which workbooks never have; refused", self.where_);
    });
  }

  XmlHandler& handler_;
  int max_depth_;
  std::string where_;
  std::unique_ptr<XML_ParserStruct, ParserFree> parser_;
  int depth_ = 0;
  std::exception_ptr failure_;
};

std::string part_where(const Package& package, const std::string& part) {
  return fmt::format("{}: {}", package.name(), part);
}

// Parses a whole part.
void parse_part(Package& package, zip_uint64_t index, const std::string& part,
                XmlHandler& handler) {
  PartStream stream(package, index, part);
  XmlParser parser(handler, package.limits().max_depth, part_where(package, part));
  std::vector<char> buffer(kChunk);
  for (;;) {
    const std::size_t got = stream.read(buffer.data(), buffer.size());
    parser.feed(buffer.data(), got, got == 0);
    if (got == 0) break;
  }
}

// Collects character data of selected elements, under the cell-size cap.
class TextCollector {
 public:
  void begin() { active_ = true; }
  void stop() { active_ = false; }
  bool active() const { return active_; }
  // False when the text would grow past the cap.
  bool add(std::string_view data) {
    if (!active_) return true;
    if (text_.size() + data.size() > kMaxCellBytes) return false;
    text_ += data;
    return true;
  }
  std::string& text() { return text_; }
  void clear() {
    text_.clear();
    active_ = false;
  }

 private:
  std::string text_;
  bool active_ = false;
};

// ---------------------------------------------------------------------------------------
// Package structure: relationships, workbook, styles, shared strings.

struct Relationship {
  std::string type;
  std::string target;  // resolved to a part name
  bool external = false;
};

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr ==
            text.data() + i + 3) {
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A relationship target resolved against the folder of its source part ("xl/").
std::string resolve_target(std::string_view folder, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1))
                                             : std::string(folder) + std::string(target);
  path = percent_decode(path);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string segment = path.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& segment : segments) {
    if (!out.empty()) out += '/';
    out += segment;
  }
  return out;
}

std::string folder_of(std::string_view part) {
  const auto slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

class RelsHandler final : public XmlHandler {
 public:
  explicit RelsHandler(std::string folder) : folder_(std::move(folder)) {}
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    const XML_Char* id = attribute(attrs, "Id");
    const XML_Char* type = attribute(attrs, "Type");
    const XML_Char* target = attribute(attrs, "Target");
    const XML_Char* mode = attribute(attrs, "TargetMode");
    if (id == nullptr || type == nullptr || target == nullptr) return;
    rels[id] = Relationship{type, resolve_target(folder_, target),
                            mode != nullptr && std::string_view(mode) == "External"};
  }
  void end(std::string_view /*name*/) override {}

  std::map<std::string, Relationship> rels;

 private:
  std::string folder_;
};

struct SheetEntry {
  std::string name;
  std::string rel_id;
};

class WorkbookHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "workbookPr") {
      const XML_Char* value = attribute(attrs, "date1904");
      date1904 =
          value != nullptr && (std::string_view(value) == "1" || std::string_view(value) == "true");
    } else if (name == "sheet") {
      const XML_Char* sheet_name = attribute(attrs, "name");
      const XML_Char* id = attribute(attrs, "id");  // r:id
      if (sheet_name != nullptr && id != nullptr) sheets.push_back({sheet_name, id});
    }
  }
  void end(std::string_view /*name*/) override {}

  bool date1904 = false;
  std::vector<SheetEntry> sheets;
};

int parse_int(const XML_Char* text, int fallback) {
  if (text == nullptr) return fallback;
  const std::string_view view(text);
  int value = 0;
  const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
  return (ec == std::errc() && end == view.data() + view.size()) ? value : fallback;
}

// cellXfs -> numFmtId -> what a number shows as.
class StylesHandler final : public XmlHandler {
 public:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmts") {
      in_num_fmts_ = true;
    } else if (name == "numFmt" && in_num_fmts_) {  // not those of dxfs (conditional formats)
      const XML_Char* code = attribute(attrs, "formatCode");
      const int id = parse_int(attribute(attrs, "numFmtId"), -1);
      if (code != nullptr && id >= 0) custom_[id] = xlsx::number_kind(code);
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      ids_.push_back(parse_int(attribute(attrs, "numFmtId"), 0));
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    if (name == "numFmts") in_num_fmts_ = false;
  }

  std::vector<NumberKind> kinds() const {
    std::vector<NumberKind> out;
    out.reserve(ids_.size());
    for (const int id : ids_) {
      const auto custom = custom_.find(id);
      out.push_back(custom != custom_.end() ? custom->second : xlsx::builtin_number_kind(id));
    }
    return out;
  }

 private:
  bool in_cell_xfs_ = false;
  bool in_num_fmts_ = false;
  std::map<int, NumberKind> custom_;
  std::vector<int> ids_;
};

// The shared strings, packed: each string is a varint length and its bytes inside 1 MiB
// blocks (a string never spans two), found through a 32-bit (block, offset) index.
class StringPool {
 public:
  static constexpr std::size_t kBlockBits = 20;
  static constexpr std::size_t kBlock = std::size_t{1} << kBlockBits;
  static constexpr std::size_t kMaxBlocks = std::size_t{1} << (32 - kBlockBits);

  void reserve(std::size_t count) { index_.reserve(count); }

  // False when the pool is full (4 GiB of text).
  bool add(std::string_view text) {
    std::array<char, 5> length{};
    std::size_t length_bytes = 0;
    for (auto n = static_cast<std::uint32_t>(text.size());; n >>= 7) {
      length[length_bytes++] = static_cast<char>((n & 0x7F) | (n > 0x7F ? 0x80 : 0));
      if (n <= 0x7F) break;
    }
    const std::size_t need = length_bytes + text.size();
    if (blocks_.empty() || used_ + need > kBlock) {
      if (blocks_.size() == kMaxBlocks) return false;
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlock));
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    index_.push_back(static_cast<std::uint32_t>(((blocks_.size() - 1) << kBlockBits) | used_));
    std::memcpy(at, length.data(), length_bytes);
    std::memcpy(at + length_bytes, text.data(), text.size());
    used_ += need;
    return true;
  }

  std::size_t size() const { return index_.size(); }

  std::string_view at(std::size_t i) const {
    const std::uint32_t entry = index_[i];
    const char* at = blocks_[entry >> kBlockBits].get() + (entry & (kBlock - 1));
    std::size_t length = 0;
    for (int shift = 0;; shift += 7) {
      const auto byte = static_cast<unsigned char>(*at++);
      length |= static_cast<std::size_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) break;
    }
    return {at, length};
  }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0;
  std::vector<std::uint32_t> index_;
};

class SharedStringsHandler final : public XmlHandler {
 public:
  SharedStringsHandler(StringPool& pool, std::string where, std::uint64_t part_size)
      : pool_(pool), where_(std::move(where)), part_size_(part_size) {}

  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "sst") {
      // Never trust the count further than the part's size allows (13 bytes: <si><t/></si>).
      const int count = parse_int(attribute(attrs, "uniqueCount"), 0);
      if (count > 0) {
        pool_.reserve(static_cast<std::size_t>(
            std::min<std::uint64_t>(static_cast<std::uint64_t>(count), part_size_ / 13)));
      }
    } else if (name == "si") {
      text_.clear();
      in_si_ = true;
    } else if (name == "rPh") {
      ++in_phonetic_;  // the reading of the text in kana or pinyin, not the text
    } else if (name == "t" && in_si_ && in_phonetic_ == 0) {
      text_.begin();
    }
  }
  void end(std::string_view name) override {
    if (name == "t") {
      text_.stop();
    } else if (name == "rPh") {
      --in_phonetic_;
    } else if (name == "si") {
      in_si_ = false;
      if (!pool_.add(xlsx::decode_escapes(text_.text()))) {
        problem = format_tr("{}: the shared strings are too large; refused", where_);
      }
      text_.clear();
    }
  }
  void text(std::string_view data) override {
    if (!text_.add(data)) {
      problem =
          format_tr("{}: shared string {} is longer than 32,767 characters", where_, pool_.size());
    }
  }

 private:
  StringPool& pool_;
  std::string where_;
  std::uint64_t part_size_;
  TextCollector text_;
  bool in_si_ = false;
  int in_phonetic_ = 0;
};

// ---------------------------------------------------------------------------------------
// The sheet, streamed: cells become typed Cells, rows go to the queue.

struct SheetContext {
  std::string file;   // for messages
  std::string sheet;  // its name
  const StringPool* strings = nullptr;
  std::vector<NumberKind> styles;
  bool date1904 = false;
};

class SheetHandler final : public XmlHandler {
 public:
  SheetHandler(const SheetContext& context, std::deque<Row>& queue)
      : context_(context), queue_(queue) {}

  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      start_row(attrs);
    } else if (name == "c") {
      start_cell(attrs);
    } else if (!in_cell_) {
      return;
    } else if (name == "v") {
      value_.clear();
      value_.begin();
    } else if (name == "is") {
      in_inline_ = true;
      inline_.clear();
    } else if (name == "rPh") {
      ++in_phonetic_;
    } else if (name == "t" && in_inline_ && in_phonetic_ == 0) {
      inline_.begin();
    }
  }

  void end(std::string_view name) override {
    if (name == "sheetData") {
      in_data_ = false;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      end_row();
    } else if (name == "c") {
      end_cell();
    } else if (name == "v") {
      value_.stop();
    } else if (name == "t") {
      inline_.stop();
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "rPh") {
      --in_phonetic_;
    }
  }

  void text(std::string_view data) override {
    if (!value_.add(data) || !inline_.add(data)) {
      problem =
          format_tr("{} {}: the cell holds more than 32,767 characters", context_.file, here());
    }
  }

  // Rows seen so far, blank ones included.
  std::size_t rows_seen() const { return rows_seen_; }

 private:
  std::string here() const { return xlsx::cell_location(context_.sheet, column_, row_); }

  void start_row(const XML_Char** attrs) {
    ++rows_seen_;
    const XML_Char* r = attribute(attrs, "r");
    std::size_t number = row_ + 1;
    if (r != nullptr) {
      const std::string_view text(r);
      if (std::from_chars(text.data(), text.data() + text.size(), number).ptr !=
              text.data() + text.size() ||
          number == 0) {
        problem =
            format_tr("{}: sheet {} has a row numbered {}", context_.file, context_.sheet, text);
        return;
      }
    }
    if (number > 1'048'576) {
      problem = format_tr("{}: sheet {} has a row after Excel's last row 1,048,576", context_.file,
                          context_.sheet);
      return;
    }
    row_ = number;
    column_ = 0;
    next_column_ = 0;
    cells_.clear();
  }

  void start_cell(const XML_Char** attrs) {
    in_cell_ = true;
    const XML_Char* r = attribute(attrs, "r");
    if (r != nullptr) {
      const auto ref = xlsx::parse_cell_ref(r);
      if (!ref) {
        problem = format_tr("{}: sheet {} has a cell named {}, which is no cell reference",
                            context_.file, context_.sheet, r);
        return;
      }
      column_ = ref->column;
    } else {
      column_ = next_column_;
    }
    if (column_ >= kMaxColumns) {
      problem = format_tr("{}: sheet {} has a cell after Excel's last column XFD", context_.file,
                          context_.sheet);
      return;
    }
    next_column_ = column_ + 1;
    const XML_Char* t = attribute(attrs, "t");
    type_ = t != nullptr ? t : "n";
    const int style = parse_int(attribute(attrs, "s"), 0);
    kind_ = (style >= 0 && static_cast<std::size_t>(style) < context_.styles.size())
                ? context_.styles[static_cast<std::size_t>(style)]
                : NumberKind::kNumber;
    value_.clear();
    inline_.clear();
    in_inline_ = false;
    in_phonetic_ = 0;
  }

  void end_cell() {
    in_cell_ = false;
    Cell cell = make_cell();
    if (!problem.empty()) return;
    if (cell.text.empty() && cell.type != CellType::kError) cell.type = CellType::kEmpty;
    if (column_ >= cells_.size()) {
      cells_.resize(column_ + 1, Cell{"", CellType::kEmpty, false});
    }
    cells_[column_] = std::move(cell);
  }

  void end_row() {
    while (!cells_.empty() && cells_.back().type == CellType::kEmpty) cells_.pop_back();
    if (cells_.empty()) return;  // a blank row
    // Excel leaves trailing empty cells out; the first row (the header) says how wide a row
    // is, so a row is never shorter than its header.
    if (width_ == 0) width_ = cells_.size();
    if (cells_.size() < width_) cells_.resize(width_, Cell{"", CellType::kEmpty, false});
    Row row;
    row.cells = std::move(cells_);
    row.line = row_;
    queue_.push_back(std::move(row));
    cells_ = {};
  }

  Cell make_cell() {
    std::string& v = value_.text();
    if (type_ == "s") {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), index);
      if (v.empty()) return {"", CellType::kEmpty, false};
      if (ec != std::errc() || end != v.data() + v.size() || index >= context_.strings->size()) {
        problem = format_tr(
            "{} {}: the cell refers to shared string {}, which the workbook "
            "does not have",
            context_.file, here(), v);
        return {};
      }
      return {std::string(context_.strings->at(index)), CellType::kText, false};
    }
    if (type_ == "inlineStr") return {xlsx::decode_escapes(inline_.text()), CellType::kText, false};
    if (type_ == "str") return {xlsx::decode_escapes(v), CellType::kText, false};
    if (type_ == "e") return {v, CellType::kError, false};
    if (type_ == "b") {
      if (v == "1" || v == "0") return {v == "1" ? "TRUE" : "FALSE", CellType::kBool, false};
      if (v.empty()) return {"", CellType::kEmpty, false};
      problem = format_tr("{} {}: {} is not a boolean", context_.file, here(), v);
      return {};
    }
    if (type_ == "d") return iso_date_cell(v);
    if (type_ == "n") return number_cell(v);
    problem = format_tr("{} {}: the cell has an unknown type {}", context_.file, here(), type_);
    return {};
  }

  Cell number_cell(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    if (v.empty()) return {"", CellType::kEmpty, false};  // a formula without a cached value
    double value = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(value)) {
      problem = format_tr("{} {}: {} is not a number", context_.file, here(), v);
      return {};
    }
    if (kind_ == NumberKind::kTime && value < 1 && value >= 0) {
      return {xlsx::serial_time(value), CellType::kText, false};
    }
    if (kind_ != NumberKind::kNumber) {
      const bool with_time = kind_ != NumberKind::kDate;
      if (auto iso = xlsx::serial_to_iso(value, context_.date1904, with_time)) {
        return {std::move(*iso), CellType::kDate, false};
      }
    }
    Cell cell{"", CellType::kNumber, false};
    cell.text = xlsx::number_text(value, cell.lost_digits);
    return cell;
  }

  // A date in ISO 8601 (t="d"): the day, and the time when it is not midnight.
  Cell iso_date_cell(std::string_view v) {
    if (v.size() < 10 || v[4] != '-' || v[7] != '-') {
      problem = format_tr("{} {}: {} is not a date", context_.file, here(), v);
      return {};
    }
    std::string text(v.substr(0, 10));
    if (v.size() >= 19 && v[10] == 'T' && v.substr(11, 8) != "00:00:00") {
      text += ' ';
      text += v.substr(11, 8);
    }
    return {std::move(text), CellType::kDate, false};
  }

  const SheetContext& context_;
  std::deque<Row>& queue_;
  bool in_data_ = false;
  bool in_cell_ = false;
  bool in_inline_ = false;
  int in_phonetic_ = 0;
  std::size_t row_ = 0;
  std::size_t column_ = 0;
  std::size_t next_column_ = 0;
  std::size_t rows_seen_ = 0;
  std::size_t width_ = 0;
  std::string type_;
  NumberKind kind_ = NumberKind::kNumber;
  TextCollector value_;
  TextCollector inline_;
  std::vector<Cell> cells_;
};

// ---------------------------------------------------------------------------------------
// The reader.

class XlsxReader final : public RowReader {
 public:
  XlsxReader(std::unique_ptr<Package> package, StringPool strings, SheetContext context,
             zip_uint64_t sheet_index, const std::string& sheet_part, std::string description)
      : package_(std::move(package)),
        strings_(std::move(strings)),
        context_(std::move(context)),
        description_(std::move(description)),
        stream_(*package_, sheet_index, sheet_part),
        handler_(context_, queue_),
        parser_(handler_, package_->limits().max_depth, part_where(*package_, sheet_part)),
        buffer_(kChunk) {
    context_.strings = &strings_;
  }

  bool next(Row& row) override {
    while (queue_.empty()) {
      if (done_) {
        if (handed_out_ == 0) {
          throw Error(Exit::kData, format_tr("{}: sheet {} is empty: it has no rows", context_.file,
                                             context_.sheet));
        }
        return false;
      }
      const std::size_t got = stream_.read(buffer_.data(), buffer_.size());
      parser_.feed(buffer_.data(), got, got == 0);
      if (got == 0) done_ = true;
    }
    row = std::move(queue_.front());
    queue_.pop_front();
    ++handed_out_;
    return true;
  }

  std::string locate(const Row& row, std::size_t column,
                     std::string_view /*header*/) const override {
    return xlsx::cell_location(context_.sheet, column, row.line);
  }

  double progress() const override {
    if (done_) return 1.0;
    const std::uint64_t size = std::max(stream_.claimed(), stream_.produced());
    return size == 0 ? 0.0 : static_cast<double>(stream_.produced()) / static_cast<double>(size);
  }

  std::string description() const override { return description_; }

 private:
  std::unique_ptr<Package> package_;
  StringPool strings_;
  SheetContext context_;
  std::string description_;
  PartStream stream_;
  std::deque<Row> queue_;
  SheetHandler handler_;
  XmlParser parser_;
  std::vector<char> buffer_;
  bool done_ = false;
  std::size_t handed_out_ = 0;
};

std::map<std::string, Relationship> read_rels(Package& package, const std::string& source_part) {
  const std::string folder = folder_of(source_part);
  const std::string file = source_part.substr(folder.size());
  const std::string rels_part = folder + "_rels/" + file + ".rels";
  RelsHandler handler(folder);
  if (const auto index = package.find(rels_part)) parse_part(package, *index, rels_part, handler);
  return std::move(handler.rels);
}

const Relationship* rel_of_type(const std::map<std::string, Relationship>& rels,
                                std::string_view type_tail) {
  for (const auto& [id, rel] : rels) {
    if (!rel.external && ends_with(rel.type, type_tail)) return &rel;
  }
  return nullptr;
}

std::unique_ptr<RowReader> open_package(std::unique_ptr<Package> package,
                                        const XlsxOptions& options) {
  const std::string& name = package->name();

  // The workbook part: named by the package's relationships, else where Excel puts it.
  std::string workbook_part = "xl/workbook.xml";
  const auto package_rels = read_rels(*package, "");
  if (const auto* rel = rel_of_type(package_rels, "/officeDocument")) workbook_part = rel->target;
  const auto workbook_index = package->find(workbook_part);
  if (!workbook_index) {
    throw Error(Exit::kData, format_tr("{} is not an xlsx workbook: the zip archive has no {}",
                                       name, workbook_part));
  }
  WorkbookHandler workbook;
  parse_part(*package, *workbook_index, workbook_part, workbook);
  const auto rels = read_rels(*package, workbook_part);

  std::vector<std::string> names;
  names.reserve(workbook.sheets.size());
  for (const auto& sheet : workbook.sheets) names.push_back(sheet.name);
  if (names.empty()) throw Error(Exit::kData, format_tr("{} has no sheets", name));

  const SheetEntry* chosen = &workbook.sheets.front();
  if (options.sheet) {
    const auto found = std::find_if(workbook.sheets.begin(), workbook.sheets.end(),
                                    [&](const SheetEntry& s) { return s.name == *options.sheet; });
    if (found == workbook.sheets.end()) {
      throw Error(Exit::kNoInput, format_tr("{} has no sheet named {}; its sheets: {}", name,
                                            *options.sheet, join(names)));
    }
    chosen = &*found;
  }
  const auto rel = rels.find(chosen->rel_id);
  if (rel == rels.end() || rel->second.external) {
    throw Error(Exit::kData,
                format_tr("{}: the workbook does not say where sheet {} is", name, chosen->name));
  }
  if (!ends_with(rel->second.type, "/worksheet")) {
    throw Error(Exit::kData, format_tr("{}: sheet {} is a chart or dialog sheet, not a worksheet",
                                       name, chosen->name));
  }
  const std::string sheet_part = rel->second.target;
  const auto sheet_index = package->find(sheet_part);
  if (!sheet_index) {
    throw Error(Exit::kData,
                format_tr("{}: sheet {} should be {}, which the zip archive does not have", name,
                          chosen->name, sheet_part));
  }

  SheetContext context;
  context.file = name;
  context.sheet = chosen->name;
  context.date1904 = workbook.date1904;
  if (const auto* styles = rel_of_type(rels, "/styles")) {
    if (const auto index = package->find(styles->target)) {
      StylesHandler handler;
      parse_part(*package, *index, styles->target, handler);
      context.styles = handler.kinds();
    }
  }

  StringPool strings;
  if (const auto* shared = rel_of_type(rels, "/sharedStrings")) {
    if (const auto index = package->find(shared->target)) {
      zip_stat_t stat;
      zip_stat_init(&stat);
      zip_stat_index(package->zip(), *index, 0, &stat);
      SharedStringsHandler handler(
          strings, part_where(*package, shared->target),
          std::min<std::uint64_t>(stat.size, package->limits().max_total_bytes));
      parse_part(*package, *index, shared->target, handler);
    }
  }

  std::string description;
  if (names.size() > 1 && !options.sheet) {
    description =
        format_tr("sheet {} (the first of {}: {})", chosen->name, names.size(), join(names));
  } else {
    description = format_tr("sheet {}", chosen->name);
  }
  if (workbook.date1904) description += tr(", 1904 date system");

  return std::make_unique<XlsxReader>(std::move(package), std::move(strings), std::move(context),
                                      *sheet_index, sheet_part, std::move(description));
}

// Whether an OLE compound file (what an encrypted workbook is) holds the stream of an
// encrypted package: its directory names it in UTF-16LE.
bool holds_encrypted_package(std::istream& in) {
  std::string window;
  std::vector<char> buffer(kChunk);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    window.append(buffer.data(), got);
    if (window.find(kEncryptedPackage) != std::string::npos) return true;
    window.erase(0, window.size() - std::min(window.size(), kEncryptedPackage.size() - 1));
  }
  return false;
}

}  // namespace

bool looks_like_zip(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 4> head{};
  if (!in.read(head.data(), head.size())) return false;
  const std::string_view magic(head.data(), head.size());
  return magic == kZipMagic || magic == kEmptyZipMagic;
}

std::unique_ptr<RowReader> open_xlsx(const std::filesystem::path& path, const XlsxOptions& options,
                                     const XlsxLimits& limits) {
  const std::string name = path.string();
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    throw Error(Exit::kNoInput, format_tr("no such file {}", name));
  }
  if (std::filesystem::is_directory(status)) {
    throw Error(Exit::kNoInput, format_tr("{} is a folder, not a workbook", name));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Exit::kNoInput, format_tr("cannot read {}: {}", name, std::strerror(errno)));
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (!has_prefix(head, kZipMagic) && !has_prefix(head, kEmptyZipMagic)) {
    bool encrypted = false;
    if (has_prefix(head, kOleMagic)) {
      in.clear();
      in.seekg(0);
      encrypted = holds_encrypted_package(in);
    }
    refuse_non_zip(name, head, encrypted);
  }
  in.close();
  auto package = std::make_unique<Package>(name, limits);
  package->open_file(path);
  return open_package(std::move(package), options);
}

std::unique_ptr<RowReader> open_xlsx(const std::filesystem::path& path,
                                     const XlsxOptions& options) {
  return open_xlsx(path, options, XlsxLimits{});
}

std::unique_ptr<RowReader> read_xlsx(std::string bytes, std::string name,
                                     const XlsxOptions& options, const XlsxLimits& limits) {
  const std::string_view view(bytes);
  if (!has_prefix(view, kZipMagic) && !has_prefix(view, kEmptyZipMagic)) {
    refuse_non_zip(name, view.substr(0, 4096),
                   has_prefix(view, kOleMagic) && view.find(kEncryptedPackage) != view.npos);
  }
  auto package = std::make_unique<Package>(std::move(name), limits);
  package->open_memory(std::move(bytes));
  return open_package(std::move(package), options);
}

std::unique_ptr<RowReader> read_xlsx(std::string bytes, std::string name,
                                     const XlsxOptions& options) {
  return read_xlsx(std::move(bytes), std::move(name), options, XlsxLimits{});
}

}  // namespace archive::io
