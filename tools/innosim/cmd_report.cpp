// innosim report: a sweep directory or a run file as one self-contained HTML page.
#include "tools/innosim/command.hpp"
#include "tools/innosim/format.hpp"
#include "tools/studies/report.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

namespace innosim::cli {

namespace {

struct ReportArgs {
    std::string source;
    std::string out = "report.html";
};

} // namespace

void add_report_command(CLI::App& app, Context& context) {
    auto args = std::make_shared<ReportArgs>();
    auto* sub = app.add_subcommand("report", "Write a self-contained HTML report of a sweep directory or a run file");
    sub->add_option("SOURCE", args->source, "Sweep directory (from innosim sweep) or run file (.innorun)")->required();
    sub->add_option("-o,--out", args->out, "HTML file to write")->capture_default_str();
    sub->footer("The page has no scripts and no external assets: open it in any browser, print it, mail it.\n"
                "Exit codes: 0 done, 2 bad input.");
    sub->callback([args, &context] {
        const studies::ReportData data = studies::load_report_data(args->source);
        const std::string html = studies::render_report(data);
        write_file_atomically(args->out, html);
        const std::size_t count = data.kind == "run" ? std::max<std::size_t>(1, data.futures) : data.arms.size();
        std::printf("Report: %s (%.0f KiB) — %s, %zu %s\n", args->out.c_str(),
                    static_cast<double>(html.size()) / 1024.0, data.title.c_str(), count,
                    data.kind == "run" ? (count == 1 ? "run" : "futures")
                    : count == 1       ? "design point"
                                       : "design points");
        context.exit_code = kExitOk;
    });
}

} // namespace innosim::cli
