// Fuzz target: the delimited-text reader (encoding detection, CSV parsing, row locations)
// over arbitrary bytes, with and without a forced delimiter and encoding.
#include <string>

#include "archive/error.h"
#include "archive/io/rows.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the options, the rest is the file.
  const auto mode = data[0];
  archive::io::DelimitedOptions options;
  if ((mode & 1) != 0) options.delimiter = (mode & 2) != 0 ? ';' : '\t';
  if ((mode & 4) != 0) options.encoding = (mode & 8) != 0 ? "GB18030" : "UTF-16LE";
  try {
    auto reader = archive::io::read_delimited(
        std::string(reinterpret_cast<const char*>(data + 1), size - 1), "fuzz.csv", options);
    archive::io::Row row;
    while (reader->next(row)) {
      for (std::size_t i = 0; i < row.cells.size(); ++i) (void)reader->locate(row, i, "h");
      (void)reader->progress();
    }
    (void)reader->description();
  } catch (const archive::Error&) {
    // Refusing bad input with a message is the expected outcome.
  }
  return 0;
}
