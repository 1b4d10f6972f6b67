#include "sim/assert.hpp"
#include "sim/input_error.hpp"
#include "sim/ledger.hpp"
#include "sim/rng.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace innosim::sim;

namespace {

/// Turns a failed INNOSIM_ASSERT into an exception while alive, so that a test can see misuse caught.
class AssertThrows {
public:
    struct Failure : std::logic_error {
        using std::logic_error::logic_error;
    };
    AssertThrows() : previous_(innosim::set_assert_handler(&handler)) {}
    ~AssertThrows() { innosim::set_assert_handler(previous_); }
    AssertThrows(const AssertThrows&) = delete;
    AssertThrows& operator=(const AssertThrows&) = delete;

private:
    static void handler(const char* /*expression*/, const char* message, const char* /*file*/, int /*line*/) {
        throw Failure(message);
    }
    innosim::AssertHandler previous_;
};

constexpr Rial kMax = std::numeric_limits<Rial>::max();

class RecordingObserver : public LedgerObserver {
public:
    void on_transfer(const Transfer& transfer) override { seen.push_back(transfer); }
    std::vector<Transfer> seen;
};

std::size_t at(AccountId id) {
    return static_cast<std::size_t>(id);
}

} // namespace

TEST_CASE("accounts have names, ids in opening order and start at zero", "[ledger]") {
    Ledger ledger;
    const AccountId treasury = ledger.open("national treasury", kUnlimited);
    const AccountId fund = ledger.open("municipal innovation fund");
    const AccountId startup = ledger.open("startup 17", 5'000'000);
    CHECK(at(treasury) == 0);
    CHECK(at(fund) == 1);
    CHECK(at(startup) == 2);
    CHECK(ledger.account_count() == 3);
    CHECK(ledger.name(treasury) == "national treasury");
    CHECK(ledger.name(startup) == "startup 17");
    CHECK(ledger.balance(fund) == 0);
    CHECK(ledger.overdraft_limit(treasury) == kUnlimited);
    CHECK(ledger.overdraft_limit(startup) == 5'000'000);
    CHECK(ledger.sum_of_balances() == 0);
    CHECK(ledger.transfer_count() == 0);
    const AssertThrows asserts;
    CHECK_THROWS_AS(ledger.open("bad", -1), AssertThrows::Failure);
}

TEST_CASE("overdraft limits decide who can pay", "[ledger]") {
    Ledger ledger;
    const AccountId world = ledger.open("rest of the world", kUnlimited);
    const AccountId a = ledger.open("a", 100);
    const AccountId b = ledger.open("b");

    CHECK(ledger.can_pay(a, 100));
    CHECK_FALSE(ledger.can_pay(a, 101));
    CHECK_FALSE(ledger.transfer(a, b, 101, 1, days(1)));
    CHECK(ledger.balance(a) == 0);
    CHECK(ledger.balance(b) == 0);
    CHECK(ledger.rejected_count() == 1);
    CHECK(ledger.transfer(a, b, 100, 1, days(1)));
    CHECK(ledger.balance(a) == -100);
    CHECK(ledger.balance(b) == 100);
    CHECK_FALSE(ledger.transfer(a, b, 1, 1, days(1)));
    CHECK_FALSE(ledger.transfer(b, a, 101, 1, days(1))); // b has no overdraft
    CHECK(ledger.transfer(b, a, 0, 1, days(1)));

    // Lowering a limit under the current balance blocks payments until the balance recovers.
    ledger.set_overdraft_limit(a, 50);
    CHECK(ledger.overdraft_limit(a) == 50);
    CHECK_FALSE(ledger.can_pay(a, 0));
    CHECK_FALSE(ledger.transfer(a, b, 1, 1, days(2)));
    CHECK(ledger.transfer(b, a, 60, 1, days(2)));
    CHECK(ledger.balance(a) == -40);
    CHECK(ledger.can_pay(a, 10));
    CHECK_FALSE(ledger.can_pay(a, 11));

    CHECK(ledger.transfer(world, a, 1'000'000'000'000, 2, days(3)));
    CHECK(ledger.balance(world) == -1'000'000'000'000);
    CHECK(ledger.can_pay(world, kMax - 1'000'000'000'000));
    CHECK(ledger.transfer_count() == 4);
    CHECK(ledger.rejected_count() == 4);
    CHECK(ledger.sum_of_balances() == 0);
}

TEST_CASE("misuse is a bug and throws", "[ledger]") {
    Ledger ledger;
    const AccountId a = ledger.open("a", kUnlimited);
    const AccountId b = ledger.open("b");
    const AssertThrows asserts;
    CHECK_THROWS_AS(ledger.transfer(a, b, -1, 0, 0), AssertThrows::Failure);
    CHECK_THROWS_AS(ledger.transfer(a, a, 1, 0, 0), AssertThrows::Failure);
    CHECK_THROWS_AS(ledger.transfer(a, AccountId{7}, 1, 0, 0), AssertThrows::Failure);
    CHECK_THROWS_AS(ledger.transfer(AccountId{7}, a, 1, 0, 0), AssertThrows::Failure);
    CHECK_THROWS_AS(ledger.can_pay(b, -5), AssertThrows::Failure);
    CHECK_THROWS_AS(ledger.set_overdraft_limit(b, -5), AssertThrows::Failure);
    CHECK(ledger.transfer_count() == 0);
    CHECK(ledger.balance(a) == 0);
}

TEST_CASE("int64 overflow throws and changes nothing", "[ledger]") {
    Ledger ledger;
    const AccountId source = ledger.open("source", kUnlimited);
    const AccountId other_source = ledger.open("other source", kUnlimited);
    const AccountId rich = ledger.open("rich");

    REQUIRE(ledger.transfer(source, rich, kMax, 0, 0));
    CHECK_THROWS_AS(ledger.transfer(other_source, rich, 1, 1, 0), std::overflow_error); // rich's balance
    CHECK(ledger.balance(rich) == kMax);
    CHECK(ledger.balance(other_source) == 0);
    CHECK(ledger.flow_total(1) == 0);

    // source is at -kMax; two more Rial would take it below INT64_MIN.
    CHECK_THROWS_AS(ledger.transfer(source, other_source, 2, 1, 0), std::overflow_error);
    CHECK_THROWS_AS(ledger.can_pay(source, 2), std::overflow_error);
    CHECK(ledger.balance(source) == -kMax);

    // Money can go round and round, but the flow total for a reason cannot exceed int64.
    REQUIRE(ledger.transfer(rich, source, kMax, 2, 0));
    CHECK_THROWS_AS(ledger.transfer(source, rich, kMax, 0, 0), std::overflow_error);
    CHECK(ledger.balance(rich) == 0);
    CHECK(ledger.flow_total(0) == kMax);
    CHECK(ledger.transfer_count() == 2);
    CHECK(ledger.sum_of_balances() == 0);
}

TEST_CASE("the sum of balances is exact even when partial sums overflow", "[ledger]") {
    Ledger ledger;
    const AccountId s1 = ledger.open("s1", kUnlimited);
    const AccountId s2 = ledger.open("s2", kUnlimited);
    const AccountId r1 = ledger.open("r1");
    const AccountId r2 = ledger.open("r2");
    REQUIRE(ledger.transfer(s1, r1, kMax, 0, 0));
    REQUIRE(ledger.transfer(s2, r2, kMax, 1, 0)); // another reason: flow totals are int64 too
    CHECK(ledger.sum_of_balances() == 0);
    CHECK(ledger.balances() == std::vector<Rial>{-kMax, -kMax, kMax, kMax});
}

TEST_CASE("flow totals by reason and by period", "[ledger]") {
    Ledger ledger;
    const AccountId city = ledger.open("city", kUnlimited);
    const AccountId firm = ledger.open("firm");
    CHECK(ledger.flow_total(3) == 0);
    CHECK(ledger.flow_total(3, 9) == 0);

    ledger.transfer(city, firm, 100, 1, 0);
    ledger.set_period(1);
    ledger.transfer(city, firm, 40, 1, 0);
    ledger.transfer(firm, city, 15, 2, 0);
    ledger.set_period(4);
    ledger.transfer(city, firm, 7, 900, 0); // a large reason id re-lays out the table
    ledger.transfer(city, firm, 3, 1, 0);
    ledger.set_period(1); // periods may be revisited
    ledger.transfer(city, firm, 1, 1, 0);

    CHECK(ledger.period() == 1);
    CHECK(ledger.flow_total(1) == 144);
    CHECK(ledger.flow_total(1, 0) == 100);
    CHECK(ledger.flow_total(1, 1) == 41);
    CHECK(ledger.flow_total(1, 2) == 0);
    CHECK(ledger.flow_total(1, 4) == 3);
    CHECK(ledger.flow_total(2) == 15);
    CHECK(ledger.flow_total(2, 1) == 15);
    CHECK(ledger.flow_total(900) == 7);
    CHECK(ledger.flow_total(900, 4) == 7);
    CHECK(ledger.flow_total(900, 1) == 0);
    CHECK(ledger.flow_total(901) == 0);
    CHECK(ledger.flow_total(1, 1000) == 0);
    CHECK(ledger.inflow(firm, 1) == 144);
    CHECK(ledger.outflow(city, 1) == 144);
    CHECK(ledger.outflow(firm, 2) == 15);
    CHECK(ledger.inflow(city, 2) == 15);
    CHECK(ledger.inflow(city, 1) == 0);
    CHECK(ledger.outflow(firm, 900) == 0);
}

TEST_CASE("observers see every transfer made, in order, and no rejected one", "[ledger]") {
    Ledger ledger;
    RecordingObserver first;
    RecordingObserver second;
    ledger.add_observer(&first);
    ledger.add_observer(&second);
    const AccountId fund = ledger.open("fund", kUnlimited);
    const AccountId firm = ledger.open("firm");
    ledger.transfer(fund, firm, 500, 3, days(2));
    ledger.transfer(firm, fund, 600, 4, days(3)); // rejected
    ledger.transfer(firm, fund, 200, 4, days(4));
    ledger.remove_observer(&second);
    ledger.transfer(firm, fund, 1, 5, days(5));

    REQUIRE(first.seen.size() == 3);
    CHECK(first.seen[0].time == days(2));
    CHECK(first.seen[0].from == fund);
    CHECK(first.seen[0].to == firm);
    CHECK(first.seen[0].amount == 500);
    CHECK(first.seen[0].reason == 3);
    CHECK(first.seen[1].amount == 200);
    CHECK(first.seen[1].time == days(4));
    CHECK(first.seen[2].reason == 5);
    CHECK(second.seen.size() == 2);
}

TEST_CASE("conservation under a million random transfers", "[ledger]") {
    constexpr int kAccounts = 1000;
    constexpr int kTransfers = 1'000'000;
    constexpr int kReasons = 20;
    constexpr int kPeriods = 10;
    RngStream rng(2024, 0, 0, 1);
    Ledger ledger;
    std::vector<Rial> limits;
    for (int i = 0; i < kAccounts; ++i) {
        // A few sources and sinks outside the city; the rest have overdrafts from none to a few million.
        const Rial limit = i % 100 == 0 ? kUnlimited : rng.bernoulli(0.5) ? 0 : static_cast<Rial>(rng.below(5'000'000));
        limits.push_back(limit);
        ledger.open("account " + std::to_string(i), limit);
    }
    std::vector<Rial> expected_balance(kAccounts, 0);
    std::vector<Rial> expected_flow(static_cast<std::size_t>(kReasons) * kPeriods, 0);
    std::vector<Rial> expected_inflow(static_cast<std::size_t>(kAccounts) * kReasons, 0);
    std::uint64_t made = 0;
    std::uint64_t rejected = 0;

    for (int i = 0; i < kTransfers; ++i) {
        const auto period = static_cast<std::uint32_t>(i / (kTransfers / kPeriods));
        if (period != ledger.period()) {
            ledger.set_period(period);
        }
        const auto from = static_cast<std::size_t>(rng.below(kAccounts));
        auto to = static_cast<std::size_t>(rng.below(kAccounts - 1));
        to += to >= from ? 1 : 0;
        // Mostly small payments, sometimes large ones that overdrafts cannot cover.
        const Rial amount = static_cast<Rial>(rng.bernoulli(0.9) ? rng.below(100'000) : rng.below(50'000'000));
        const auto reason = static_cast<ReasonId>(rng.below(kReasons));
        const Rial from_before = ledger.balance(AccountId(from));
        const Rial to_before = ledger.balance(AccountId(to));
        const bool affordable = limits[from] == kUnlimited || from_before - amount >= -limits[from];
        REQUIRE(ledger.can_pay(AccountId(from), amount) == affordable);

        const bool ok = ledger.transfer(AccountId(from), AccountId(to), amount, reason, days(i / 1000));
        REQUIRE(ok == affordable);
        if (ok) {
            ++made;
            expected_balance[from] -= amount;
            expected_balance[to] += amount;
            expected_flow[period * kReasons + reason] += amount;
            expected_inflow[to * kReasons + reason] += amount;
        } else {
            ++rejected;
        }
        REQUIRE(ledger.balance(AccountId(from)) == expected_balance[from]);
        REQUIRE(ledger.balance(AccountId(to)) == expected_balance[to]);
        REQUIRE((ok || (ledger.balance(AccountId(from)) == from_before && ledger.balance(AccountId(to)) == to_before)));
        REQUIRE((limits[from] == kUnlimited || ledger.balance(AccountId(from)) >= -limits[from]));
        if (i % 10'000 == 0) {
            REQUIRE(ledger.sum_of_balances() == 0);
        }
    }

    CHECK(ledger.sum_of_balances() == 0);
    CHECK(ledger.balances() == expected_balance);
    CHECK(ledger.transfer_count() == made);
    CHECK(ledger.rejected_count() == rejected);
    CHECK(rejected > 10'000); // the limits were really exercised
    CHECK(made > 500'000);
    for (std::size_t a = 0; a < kAccounts; ++a) {
        REQUIRE((limits[a] == kUnlimited || expected_balance[a] >= -limits[a]));
    }
    for (ReasonId r = 0; r < kReasons; ++r) {
        Rial total = 0;
        for (std::uint32_t p = 0; p < kPeriods; ++p) {
            REQUIRE(ledger.flow_total(r, p) == expected_flow[p * kReasons + r]);
            total += expected_flow[p * kReasons + r];
        }
        REQUIRE(ledger.flow_total(r) == total);
    }
    for (std::size_t a = 0; a < kAccounts; ++a) {
        for (ReasonId r = 0; r < kReasons; ++r) {
            REQUIRE(ledger.inflow(AccountId(a), r) == expected_inflow[a * kReasons + r]);
        }
    }
}

TEST_CASE("a saved state restores balances, counters and flows", "[ledger]") {
    auto make = [] {
        Ledger ledger;
        ledger.open("world", kUnlimited);
        for (int i = 1; i < 50; ++i) {
            ledger.open("firm " + std::to_string(i), i % 3 == 0 ? 1'000 : 0);
        }
        return ledger;
    };
    auto churn = [](Ledger& ledger, RngStream& rng, int n) {
        for (int i = 0; i < n; ++i) {
            if (i % 100 == 0) {
                ledger.set_period(ledger.period() + 1);
            }
            const auto from = AccountId(static_cast<std::uint32_t>(rng.below(50)));
            const auto to =
                AccountId(static_cast<std::uint32_t>((static_cast<std::uint64_t>(from) + 1 + rng.below(49)) % 50));
            ledger.transfer(from, to, static_cast<Rial>(rng.below(10'000)), static_cast<ReasonId>(rng.below(6)), 0);
        }
    };
    Ledger original = make();
    RngStream rng(5, 0, 0, 0);
    churn(original, rng, 1'000);
    const LedgerState saved = original.save_state();
    const auto rng_state = rng.state();
    churn(original, rng, 1'000);

    Ledger resumed = make();
    resumed.restore_state(saved);
    CHECK(resumed.balances() == saved.balances);
    CHECK(resumed.transfer_count() == saved.transfer_count);
    CHECK(resumed.period() == saved.period);
    rng.set_state(rng_state);
    churn(resumed, rng, 1'000);

    CHECK(resumed.balances() == original.balances());
    CHECK(resumed.transfer_count() == original.transfer_count());
    CHECK(resumed.rejected_count() == original.rejected_count());
    CHECK(resumed.period() == original.period());
    for (ReasonId r = 0; r < 6; ++r) {
        CHECK(resumed.flow_total(r) == original.flow_total(r));
        for (std::uint32_t p = 0; p <= original.period(); ++p) {
            REQUIRE(resumed.flow_total(r, p) == original.flow_total(r, p));
        }
        for (std::uint32_t a = 0; a < 50; ++a) {
            REQUIRE(resumed.inflow(AccountId(a), r) == original.inflow(AccountId(a), r));
            REQUIRE(resumed.outflow(AccountId(a), r) == original.outflow(AccountId(a), r));
        }
    }

    SECTION("a state that does not fit is bad input") {
        Ledger small;
        small.open("only");
        CHECK_THROWS_AS(small.restore_state(saved), innosim::InputError);
        LedgerState unbalanced = saved;
        unbalanced.balances[3] += 1;
        Ledger target = make();
        CHECK_THROWS_AS(target.restore_state(unbalanced), innosim::InputError);
        LedgerState ragged = saved;
        ragged.flow_by_period.push_back(0);
        CHECK_THROWS_AS(target.restore_state(ragged), innosim::InputError);
        CHECK(target.balances() == make().balances()); // a failed restore changes nothing
    }
}
