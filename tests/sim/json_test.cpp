#include "sim/io/json.hpp"
#include "sim/io/sha256.hpp"
#include "sim/proto/run.pb.h"

#include <catch2/catch.hpp>

#include <limits>

namespace io = innosim::io;

TEST_CASE("to_json prints numbers as numbers, enums by name, snake_case keys", "[json]") {
    innosim::run::Event event;
    event.set_time(9'007'199'254'740'993); // 2^53 + 1: exact only as an integer
    event.set_kind(innosim::run::TRANSFER);
    event.mutable_subject()->set_kind(innosim::run::STARTUP);
    event.mutable_subject()->set_id(3);
    event.set_amount_rial(-5'000'000'000);
    event.set_detail("Series \"A\"\n");
    REQUIRE(io::to_json(event, 0) ==
            R"({"time":9007199254740993,"kind":"TRANSFER","subject":{"kind":"STARTUP","id":3},)"
            R"("amount_rial":-5000000000,"reason":"REASON_UNSPECIFIED","value":0,"detail":"Series \"A\"\n"})");
}

TEST_CASE("to_json indents, prints repeated fields as arrays and doubles exactly", "[json]") {
    innosim::run::Kpis kpis;
    kpis.set_jobs(12);
    kpis.set_sustainable_revenue_share(0.1);
    kpis.set_import_dependency_index(std::numeric_limits<double>::quiet_NaN());
    kpis.set_quality_of_life_index(1.0 / 3.0);
    const std::string json = io::to_json(kpis);
    REQUIRE_THAT(json, Catch::StartsWith("{\n  \"active_startups\": 0,\n  \"knowledge_based_firms\": 0,\n"));
    REQUIRE_THAT(json, Catch::Contains("\n  \"jobs\": 12,\n"));
    REQUIRE_THAT(json, Catch::Contains("\"sustainable_revenue_share\": 0.1,"));
    REQUIRE_THAT(json, Catch::Contains("\"import_dependency_index\": null,"));
    REQUIRE_THAT(json, Catch::Contains("\"quality_of_life_index\": 0.3333333333333333,"));
    REQUIRE_THAT(json, Catch::Contains("\"factory_occupancy\": 0,\n"));
    REQUIRE_THAT(json, Catch::EndsWith("\"idle_public_rial\": 0\n}"));

    innosim::run::EventBatch batch;
    REQUIRE(io::to_json(batch, 0) == R"({"events":[]})");
    batch.add_events()->set_time(1);
    batch.add_events()->set_time(2);
    REQUIRE_THAT(io::to_json(batch, 0), Catch::StartsWith(R"({"events":[{"time":1,)"));
}

TEST_CASE("JsonWriter builds ad-hoc documents and rejects misuse", "[json]") {
    io::JsonWriter json(0);
    json.begin_object().member("scenario", "Mashhad \u00e9").member("seed", std::uint64_t{18'446'744'073'709'551'615U});
    json.key("list").begin_array().value(1).value(2.5).value(true).value(nullptr).end_array();
    json.key("empty").begin_object().end_object();
    json.end_object();
    REQUIRE(json.str() ==
            "{\"scenario\":\"Mashhad \u00e9\",\"seed\":18446744073709551615,\"list\":[1,2.5,true,null],\"empty\":{}}");
    io::JsonWriter bad;
    bad.begin_object();
    REQUIRE_THROWS_AS(bad.value(1), std::logic_error); // a value needs a key in an object
    REQUIRE_THROWS_AS(bad.str(), std::logic_error);    // not closed
    REQUIRE(io::json_quote(std::string("a\x01"
                                       "b")) == "\"a\\u0001b\"");
    REQUIRE(io::json_number(1e300) == "1e+300");
}

TEST_CASE("sha256_hex matches the standard test vectors", "[json]") {
    REQUIRE(io::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    REQUIRE(io::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
