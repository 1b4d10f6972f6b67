// Persian digits and "did you mean".
#include "sim/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

TEST_CASE("Persian and Arabic-Indic digits read as ASCII", "[text]") {
    CHECK(innosim::fold_digits("۱۴۰۳/۰۱/۰۱") == "1403/01/01");
    CHECK(innosim::fold_digits("٢٠٢٥-٠٣-٢١") == "2025-03-21");
    CHECK(innosim::fold_digits("Finance & Revenue") == "Finance & Revenue");
    CHECK(innosim::has_foreign_digits("۱۲۰"));
    CHECK_FALSE(innosim::has_foreign_digits("120"));
}

TEST_CASE("the nearest name for a slip", "[text]") {
    const std::vector<std::string> fields = {"innovation_budget_share", "grant_fund_share", "factory_share",
                                             "construction_share"};
    CHECK(innosim::nearest("innovation_budget", fields) == "innovation_budget_share"); // the start of a name
    CHECK(innosim::nearest("grant_fund_shar", fields) == "grant_fund_share");          // a typo
    CHECK(innosim::nearest("budget", fields) == "innovation_budget_share");            // a word of one name only
    CHECK_FALSE(innosim::nearest("share", fields));                                    // a word of several
    CHECK_FALSE(innosim::nearest("population", fields));                               // nothing close
    const std::vector<std::string> departments = {"Transport & Traffic", "Finance & Revenue", "Public Transport"};
    CHECK(innosim::nearest("Finanse", departments) == "Finance & Revenue");
    CHECK(innosim::nearest("transprot", departments) == "Transport & Traffic");
    const std::vector<std::string> kpis = {"jobs", "exits", "active_startups"};
    CHECK(innosim::nearest("job", kpis) == "jobs");
    CHECK(innosim::did_you_mean("job", kpis) == "did you mean 'jobs'?");
    CHECK(innosim::did_you_mean("zzz", kpis).empty());
    CHECK(innosim::nearest("rn", {"run", "fork", "date"}) == "run");
    CHECK(innosim::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("names joined, long lists cut", "[text]") {
    CHECK(innosim::join_names({"a", "b", "c"}) == "a, b, c");
    CHECK(innosim::join_names({"a", "b", "c"}, 2) == "a, b, ... (1 more)");
}
