// The command table: one row per subcommand, in the order `archive --help` lists them.
#include "commands.h"

#include "archive/i18n.h"

namespace archive::cli {

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> kCommands = {
      {"init", N_("create the database (later opens migrate)"), install_init},
      {"add", N_("register a customer; prints the new archive number"), install_add},
      {"show", N_("the whole card, with history"), install_show},
      {"find", N_("find customers by name, company, number or mobile tail"), install_find},
      {"edit", N_("change fields of a card"), install_edit},
      {"close", N_("close an archive: its retention clock starts"), install_close},
      {"reopen", N_("reopen a closed archive"), install_reopen},
      {"grade", N_("set a customer's grade, or apply the grade rules"), install_grade},
      {"follow-up", N_("record a contact; due follow-ups, birthdays, messages"), install_follow_up},
      {"reassign", N_("move customers to other reps or to the pool"), install_reassign},
      {"file", N_("file a material into an archive; prints its id (NO/N)"), install_file},
      {"verify", N_("check that electronic materials still match their files"), install_verify},
      {"lend", N_("lend a material or a whole archive; prints the loan id"), install_lend},
      {"return", N_("return a loan, or one material of it"), install_return},
      {"loans", N_("the loan register"), install_loans},
      {"hold", N_("put an archive under a legal hold"), install_hold},
      {"unhold", N_("lift a legal hold"), install_unhold},
      {"report", N_("reports for managers: statistics, registers, custom reports"), install_report},
      {"purge", N_("destroy what is past its retention, with a manager's approval"), install_purge},
      {"import", N_("import customers from a CSV, text or XLSX file, or revert a batch"),
       install_import},
      {"export", N_("export customers as CSV or JSON that import reads back"), install_export},
      {"log", N_("the audit trail"), install_log},
      {"backup", N_("write a consistent copy of the database"), install_backup},
      {"check", N_("check integrity, schema, permissions and backups"), install_check},
      {"config", N_("the effective configuration"), install_config},
  };
  return kCommands;
}

}  // namespace archive::cli
