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
Runner install_grade(CLI::App& sub);      // grade.cpp
Runner install_follow_up(CLI::App& sub);  // follow_up.cpp: records a contact; nests the rest
Runner install_reassign(CLI::App& sub);   // reassign.cpp
Runner install_file(CLI::App& sub);       // file.cpp
Runner install_verify(CLI::App& sub);     // verify.cpp
Runner install_lend(CLI::App& sub);       // lend.cpp
Runner install_return(CLI::App& sub);     // return.cpp
Runner install_loans(CLI::App& sub);      // loans.cpp
Runner install_hold(CLI::App& sub);       // hold.cpp
Runner install_unhold(CLI::App& sub);     // hold.cpp
Runner install_report(CLI::App& sub);     // report.cpp
Runner install_purge(CLI::App& sub);      // purge.cpp
Runner install_import(CLI::App& sub);     // import.cpp
Runner install_export(CLI::App& sub);     // export.cpp
Runner install_backup(CLI::App& sub);     // backup.cpp
Runner install_check(CLI::App& sub);      // check.cpp

// The sub-commands of `follow-up`, installed by install_follow_up.
Runner install_follow_up_due(CLI::App& sub);        // follow_up_due.cpp
Runner install_follow_up_birthdays(CLI::App& sub);  // follow_up_due.cpp
Runner install_follow_up_close(CLI::App& sub);      // follow_up.cpp
Runner install_follow_up_messages(CLI::App& sub);   // follow_up_messages.cpp

}  // namespace archive::cli
