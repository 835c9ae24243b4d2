// The install functions of every subcommand, one file each under src/cli/.
#pragma once

#include "context.h"

namespace archive::cli {

Runner install_init(CLI::App& sub);
Runner install_add(CLI::App& sub);
Runner install_show(CLI::App& sub);
Runner install_find(CLI::App& sub);
Runner install_edit(CLI::App& sub);
Runner install_close(CLI::App& sub);
Runner install_reopen(CLI::App& sub);
Runner install_log(CLI::App& sub);
Runner install_config(CLI::App& sub);

}  // namespace archive::cli
