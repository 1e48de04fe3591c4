// clearbid: screens the suppliers of public contracts for the risk of
// trafficking in human beings and forced labour in their supply chains.

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "reports/report_options.h"

int main(int argc, char** argv) {
  using namespace clearbid::cli;
  CLI::App app{"clearbid: supply-chain labour-exploitation risk screening for public procurement"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(clearbid::reports::kGenerator));
  GlobalOptions global;
  Action action;
  AddIngestCommand(app, global, action);
  AddGenerateCommand(app, global, action);
  AddListsCommand(app, global, action);
  AddRulesCommand(app, global, action);
  AddScreenCommand(app, global, action);
  AddScanCommand(app, global, action);
  AddReportCommand(app, global, action);
  AddMatchCommand(app, global, action);
  AddUsersCommand(app, global, action);
  AddAuditCommand(app, global, action);
  AddServeCommand(app, global, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return action ? action() : kExitUsage;
}
