// The one number grammar: every input path reads numbers through it.
#include "sim/io/number_text.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

namespace io = innosim::io;

TEST_CASE("plain numbers, exponents, digit groups and Persian digits", "[numbers]") {
    CHECK(io::plain_number("120") == "120");
    CHECK(io::plain_number(" +120 ") == "120");
    CHECK(io::plain_number("-0.35") == "-0.35");
    CHECK(io::plain_number("2.6e14") == "2.6e14");
    CHECK(io::plain_number("260_000_000_000") == "260000000000");
    CHECK(io::plain_number("260,000,000,000") == "260000000000");
    CHECK(io::plain_number("1,234.5") == "1234.5");
    CHECK(io::plain_number("۲۶۰") == "260");        // Persian
    CHECK(io::plain_number("٢٦٠") == "260");        // Arabic-Indic
    CHECK(io::plain_number("۲٫۵") == "2.5");        // Arabic decimal separator
    CHECK(io::plain_number("۲۶۰٬۰۰۰") == "260000"); // Arabic thousands separator
    CHECK(io::plain_number(".5") == "0.5");
}

TEST_CASE("what is not a number of the grammar", "[numbers]") {
    for (const char* text : {"", "-", ".", "e5", "1e", "abc", "12a", "1,00", "1234,567", "1,000_000", "1__0", "_1",
                             "1_", "1..2", "0x10", "inf", "nan", "1 2"}) {
        INFO(text);
        CHECK_FALSE(io::plain_number(text));
    }
}

TEST_CASE("whole numbers are exact, never through a double", "[numbers]") {
    CHECK(io::parse_whole("2.6e14") == 260'000'000'000'000);
    CHECK(io::parse_whole("1.5e3") == 1500);
    CHECK(io::parse_whole("-42") == -42);
    CHECK(io::parse_whole("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
    CHECK(io::parse_whole("9.223372036854775807e18") == std::numeric_limits<std::int64_t>::max());
    CHECK(io::parse_whole_unsigned("18446744073709551615") == std::numeric_limits<std::uint64_t>::max());
    CHECK(io::parse_whole("1200e-2") == 12);
    CHECK(io::parse_whole("0.0") == 0);
    CHECK_FALSE(io::parse_whole("1.5"));
    CHECK_FALSE(io::parse_whole("1e-1"));
    CHECK_FALSE(io::parse_whole("9223372036854775808"));
    CHECK_FALSE(io::parse_whole("1e300"));
    CHECK_FALSE(io::parse_whole_unsigned("-1"));
    CHECK(io::whole_number_problem("1.5") == "is not a whole number");
    CHECK(io::whole_number_problem("abc") == "is not a number");
    CHECK(io::whole_number_problem("1e300") == "is too large");
}

TEST_CASE("reals read the same grammar", "[numbers]") {
    CHECK(io::parse_real("2.6e14") == 2.6e14);
    CHECK(io::parse_real("0,5").has_value() == false); // a comma groups thousands, it is no decimal point
    CHECK(io::parse_real("۰٫۰۰۸") == 0.008);
    CHECK_FALSE(io::parse_real("1e999"));
}
