// archive show NO: the whole card with its grade and field history.
#include <memory>

#include "archive/app/customers.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

Runner install_show(CLI::App& sub) {
  auto no = std::make_shared<std::string>();
  sub.add_option("NO", *no, tr("archive number"))->required();
  return [no](Context& ctx) {
    ctx.print(app::show_customer(ctx.session, *no));
    return 0;
  };
}

}  // namespace archive::cli
