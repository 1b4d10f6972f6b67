// The pass before protobuf's text parser: numbers and text as planners write them, every unknown
// field and refused value reported in one go, and every location mapped back to the file as written.
#include "sim/io/text_source.hpp"
#include "sim/proto/scenario.pb.h"
#include "sim/proto/study.pb.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

namespace io = innosim::io;
namespace pb = google::protobuf;

struct Parsed {
    io::TextSource source;
    std::vector<std::string> errors;
    bool ok = false;
};

template <class Message>
Parsed parse(const std::string& text, Message& out, pb::TextFormat::ParseInfoTree* tree = nullptr) {
    Parsed p{io::TextSource("t.textproto", text), {}, false};
    p.ok = io::parse_text_format(p.source, out, tree, p.errors);
    return p;
}

} // namespace

TEST_CASE("the pass leaves plain protobuf text alone", "[text_source]") {
    innosim::scenario::Scenario s;
    const std::string text = "name: \"x\"\nfactory { capacity: 60 rent_subsidy: 0.5 }\n# a comment: 1,000\n";
    const Parsed p = parse(text, s);
    REQUIRE(p.ok);
    REQUIRE(p.errors.empty());
    REQUIRE(p.source.parser_text() == text);
    REQUIRE(s.factory().capacity() == 60);
}

TEST_CASE("numbers quoted or not, text and dates without quotes, enum names in quotes", "[text_source]") {
    innosim::scenario::Scenario s;
    const Parsed p = parse("factory { capacity: \"120\" rent_subsidy: ۰٫۵ }\n"
                           "municipality { annual_revenue_rial: \"260,000,000,000\" }\n"
                           "start: 1401/01/01\n"
                           "departments { name: \"d\" problems { category: \"COST\" } }\n"
                           "interventions { at: ۱۴۰۲/۰۱/۰۱ path: \"factory.capacity\" value: 2.6e2 }\n",
                           s);
    REQUIRE(p.errors.empty());
    REQUIRE(p.ok);
    CHECK(s.factory().capacity() == 120);
    CHECK(s.factory().rent_subsidy() == 0.5);
    CHECK(s.municipality().annual_revenue_rial() == 260'000'000'000);
    CHECK(s.start() == "1401/01/01");
    CHECK(s.departments(0).problems(0).category() == innosim::scenario::COST);
    CHECK(s.interventions(0).at() == "۱۴۰۲/۰۱/۰۱"); // text is kept as written; dates read Persian digits
    CHECK(s.interventions(0).value() == "2.6e2");
}

TEST_CASE("lists: numbers in the grammar, each element located", "[text_source]") {
    innosim::study::Study study;
    pb::TextFormat::ParseInfoTree tree;
    const std::string text = "levers { path: \"factory.capacity\"\n  values: [1_000, 2e3,\t۳۰۰۰] }\n";
    const Parsed p = parse(text, study, &tree);
    REQUIRE(p.errors.empty());
    REQUIRE(study.levers(0).values_size() == 3);
    CHECK(study.levers(0).values(2) == 3000);
    // protobuf records one location for a whole list; the pass records each element.
    CHECK(p.source.where(io::locate_field(study, &tree, p.source, "levers[0].values[0]")) == "t.textproto:2:12");
    CHECK(p.source.where(io::locate_field(study, &tree, p.source, "levers[0].values[1]")) == "t.textproto:2:19");
    CHECK(p.source.where(io::locate_field(study, &tree, p.source, "levers[0].values[2]")) == "t.textproto:2:24");
    CHECK(p.source.where(io::locate_field(study, &tree, p.source, "levers[0].path")) == "t.textproto:1:10");
}

TEST_CASE("a refused list element is reported and the rest still read", "[text_source]") {
    innosim::study::Study study;
    const Parsed p = parse("levers { path: \"x\" values: [1, many, 3] }\nreplications: 2.5\nreplicatons: 4\n", study);
    REQUIRE(p.errors.size() == 3);
    CHECK_THAT(p.errors[0], Catch::StartsWith("t.textproto:1:32: levers[0].values[1]: many is not a number"));
    CHECK_THAT(p.errors[1], Catch::StartsWith("t.textproto:2:15: replications: 2.5 is not a whole number"));
    CHECK_THAT(p.errors[2],
               Catch::StartsWith("t.textproto:3:1: replicatons: no such field in Study; did you mean 'replications'?"));
    CHECK(study.levers(0).values_size() == 3); // the refused element is held by a placeholder
}

TEST_CASE("locations after rewritten text map back to the file as written", "[text_source]") {
    io::TextSource source("t", "a: ۱۲۰ b: \"x\"\n");
    source.replace(3, 6, "120"); // the three Persian digits, two bytes each
    source.finish();
    REQUIRE(source.parser_text() == "a: 120 b: \"x\"\n");
    // "b" is at parser column 7 (0-based) and at character column 8 (1-based) of the file.
    CHECK(source.map(0, 7).column == 8);
    CHECK(source.map(0, 7).line == 1);
    CHECK(source.show(source.map(0, 7)) == "\n    a: ۱۲۰ b: \"x\"\n           ^");
    CHECK(source.where({}) == "t");
}

TEST_CASE("what a field expects, in words", "[text_source]") {
    const pb::Descriptor& factory = *innosim::scenario::InnovationFactory::descriptor();
    CHECK(io::expected_value(*factory.FindFieldByName("capacity")) == "a whole number from 0 to 100000 (teams)");
    CHECK(io::expected_value(*factory.FindFieldByName("rent_subsidy")) == "a number from 0 to 1 (share)");
    const pb::Descriptor& scenario = *innosim::scenario::Scenario::descriptor();
    CHECK_THAT(io::expected_value(*scenario.FindFieldByName("start")), Catch::StartsWith("a Solar Hijri date"));
    CHECK_THAT(io::expected_value(*innosim::scenario::Problem::descriptor()->FindFieldByName("category")),
               Catch::StartsWith("one of REVENUE, COST"));
}
