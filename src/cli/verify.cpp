// archive verify: electronic materials whose files are missing or changed; 65 if any.
#include <fmt/format.h>

#include <ostream>

#include "archive/app/materials.h"
#include "archive/error.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

Runner install_verify(CLI::App&) {
  return [](Context& ctx) {
    const auto result = app::verify_materials(ctx.session);
    const auto bad = result.problems.row_count();
    if (bad == 0) {
      if (result.checked == 0) {
        ctx.info(tr("no electronic materials to verify"));
      } else {
        ctx.info(
            fmt::format(fmt::runtime(tr("all {} electronic materials match")), result.checked));
      }
      return 0;
    }
    ctx.print(result.problems);
    // The reason for status 65, said once like any other failure (not a warning, not -q).
    *ctx.err << "archive: "
             << fmt::format(fmt::runtime(tr("{} of {} electronic materials do not match")), bad,
                            result.checked)
             << '\n';
    return static_cast<int>(Exit::kData);
  };
}

}  // namespace archive::cli
