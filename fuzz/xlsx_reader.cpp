// Fuzz target: the XLSX reader (zip container, workbook relationships, shared strings,
// styles and the streamed sheet XML) over arbitrary bytes.
#include <string>

#include "archive/error.h"
#include "archive/io/rows.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto reader = archive::io::read_xlsx(std::string(reinterpret_cast<const char*>(data), size),
                                         "fuzz.xlsx", {});
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
