// archive file NO --title T ...: file a material into an archive and print its id (NO/N).
#include <memory>
#include <ostream>

#include "archive/app/materials.h"
#include "archive/i18n.h"
#include "commands.h"

namespace archive::cli {

Runner install_file(CLI::App& sub) {
  auto opts = std::make_shared<app::FileRequest>();
  auto pages = std::make_shared<std::int64_t>(0);
  sub.add_option("NO", opts->archive_no, tr("archive number"))->required();
  sub.add_option("--title", opts->title, tr("what the material is (required)"))->required();
  sub.add_option("--kind", opts->kind,
                 tr("a material kind of the config, by name or label (default: other)"));
  sub.add_option("--pages", *pages, tr("number of pages or copies"))->check(positive_number());
  sub.add_option("--location", opts->location, tr("where it is kept: cabinet, shelf, box"));
  sub.add_option("--level", opts->level,
                 tr("public, internal, confidential or secret (default: the archive's level)"));
  sub.add_option("--filed", opts->filed, tr("the date it was filed (default: today)"));
  sub.add_option("--path", opts->path, tr("the file of an electronic material"));
  return [opts, pages, &sub](Context& ctx) {
    app::FileRequest request = *opts;
    if (sub.count("--pages") > 0) request.pages = *pages;
    *ctx.out << app::file_material(ctx.session, request) << '\n';
    return 0;
  };
}

}  // namespace archive::cli
