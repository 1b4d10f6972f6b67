#pragma once

// The double-entry ledger: every Rial in the simulation sits in an account and moves only by a
// transfer between two accounts, in whole Rial (int64, exact; a double would lose Rials above 2^53,
// i.e. 9e15 Rial, well within a municipal budget). Money enters and leaves the city through accounts
// with an unlimited overdraft (the national treasury, "the rest of the world"), whose balances go
// negative by exactly what the city holds, so the sum of all balances is 0 at every instant.
//
// Flow totals (how much moved for each reason, overall and per period) are kept as the transfers
// happen, in flat arrays indexed by reason and period, because the KPIs read them every month.

#include "sim/time.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace innosim::sim {

/// An account handle: the index in the order accounts were opened. Stable for the ledger's life,
/// so it is also the key in recordings and checkpoints.
enum class AccountId : std::uint32_t {};
/// Money, in whole Rial.
using Rial = std::int64_t;
/// Why money moved (grant, loan, salary, ...). The model defines the values; the ledger only indexes
/// by them, so keep them small and dense.
using ReasonId = std::uint16_t;

/// An overdraft limit meaning "no lower bound": for sources and sinks outside the city.
inline constexpr Rial kUnlimited = std::numeric_limits<Rial>::max();

struct Transfer {
    Ticks time;     ///< ticks since the run's start
    AccountId from; ///< the payer
    AccountId to;   ///< the payee
    Rial amount;    ///< Rial, >= 0
    ReasonId reason;
};

/// Sees every transfer that happens (never a rejected one), after the balances changed. The recorder
/// and the live server attach here; the ledger does not know them.
class LedgerObserver {
public:
    virtual ~LedgerObserver() = default;
    virtual void on_transfer(const Transfer& transfer) = 0;

protected:
    LedgerObserver() = default;
    LedgerObserver(const LedgerObserver&) = default;
    LedgerObserver& operator=(const LedgerObserver&) = default;
    LedgerObserver(LedgerObserver&&) = default;
    LedgerObserver& operator=(LedgerObserver&&) = default;
};

/// Everything a checkpoint needs to put a ledger back as it was. Account names and observers are not
/// state: the model reopens the same accounts in the same order, then restores this.
struct LedgerState {
    struct AccountFlow {
        std::uint32_t account; ///< AccountId as an integer
        ReasonId reason;
        Rial inflow;  ///< Rial received for this reason since the start
        Rial outflow; ///< Rial paid for this reason since the start
    };
    std::vector<Rial> balances;         ///< Rial, per account
    std::vector<Rial> overdraft_limits; ///< Rial, per account (kUnlimited: no bound)
    std::uint64_t transfer_count = 0;
    std::uint64_t rejected_count = 0;
    std::uint32_t period = 0;
    std::uint32_t reason_slots = 0;         ///< stride of flow_by_period
    std::vector<Rial> flow_by_period;       ///< Rial, [period * reason_slots + reason]
    std::vector<AccountFlow> account_flows; ///< per (account, reason), sorted by account then reason
};

class Ledger {
public:
    /// The same as sim::kUnlimited, spelled as the model spells it.
    static constexpr Rial kUnlimited = sim::kUnlimited;

    /// Opens an account with balance 0. Its balance may go down to -overdraft_limit (Rial, >= 0);
    /// kUnlimited for sources and sinks outside the city.
    AccountId open(std::string name, Rial overdraft_limit = 0);

    /// Whether `from` can pay `amount` (Rial, >= 0) without going below its limit.
    bool can_pay(AccountId from, Rial amount) const;
    /// Moves `amount` (Rial, >= 0) from `from` to `to` for `reason` at `time`. Returns false and changes
    /// nothing if it would take `from` below its limit. A negative amount, an unknown account or
    /// from == to is a bug in the caller (INNOSIM_ASSERT); std::overflow_error if any balance or total
    /// would leave int64 (then too nothing changes).
    bool transfer(AccountId from, AccountId to, Rial amount, ReasonId reason, Ticks time);

    /// Rial.
    Rial balance(AccountId account) const { return accounts_.at(index(account)).balance; }
    /// Rial; always 0 (exact, even if partial sums would overflow).
    Rial sum_of_balances() const;
    /// Transfers made (rejected ones not counted).
    std::uint64_t transfer_count() const { return transfer_count_; }
    /// Transfers refused for lack of funds.
    std::uint64_t rejected_count() const { return rejected_count_; }

    /// The period (e.g. Calendar::month_index) that later transfers count toward in flow_total(reason,
    /// period). Periods may be set in any order.
    void set_period(std::uint32_t period);
    std::uint32_t period() const { return period_; }
    /// Rial moved for `reason` since the start.
    Rial flow_total(ReasonId reason) const;
    /// Rial moved for `reason` while `period` was the current period.
    Rial flow_total(ReasonId reason, std::uint32_t period) const;
    /// Rial that `account` received for `reason` since the start.
    Rial inflow(AccountId account, ReasonId reason) const;
    /// Rial that `account` paid for `reason` since the start.
    Rial outflow(AccountId account, ReasonId reason) const;

    const std::string& name(AccountId account) const { return accounts_.at(index(account)).name; }
    std::size_t account_count() const { return accounts_.size(); }
    /// Rial, >= 0 or kUnlimited.
    Rial overdraft_limit(AccountId account) const { return accounts_.at(index(account)).overdraft_limit; }
    /// Changes the limit (Rial, >= 0 or kUnlimited). A balance already below the new limit stays as it
    /// is; the account just cannot pay until it is back above.
    void set_overdraft_limit(AccountId account, Rial overdraft_limit);

    /// The observer must outlive the ledger or be removed first. Called in the order added.
    void add_observer(LedgerObserver* observer);
    void remove_observer(LedgerObserver* observer);

    /// Rial, per account in AccountId order.
    std::vector<Rial> balances() const;
    LedgerState save_state() const;
    /// Puts back a state from save_state() of a ledger with the same accounts. Throws innosim::InputError
    /// if it does not fit (account count, sizes, balances not summing to 0): checkpoints come from files.
    void restore_state(const LedgerState& state);

private:
    struct AccountFlow {
        ReasonId reason;
        Rial inflow;
        Rial outflow;
    };
    struct Account {
        Rial balance = 0;
        Rial overdraft_limit = 0;
        std::string name;
        std::vector<AccountFlow> flows; // few reasons per account: a short vector beats a map
    };

    std::size_t index(AccountId account) const { return static_cast<std::size_t>(account); }
    void check_account(AccountId account) const;
    /// Makes room for `reason` in the per-period table (re-laying it out with a wider stride if needed).
    void ensure_reason_slot(ReasonId reason);
    static AccountFlow& flow_of(Account& account, ReasonId reason);
    static const AccountFlow* find_flow(const Account& account, ReasonId reason);

    std::vector<Account> accounts_;
    std::uint64_t transfer_count_ = 0;
    std::uint64_t rejected_count_ = 0;
    std::uint32_t period_ = 0;
    std::uint32_t reason_slots_ = 0;
    std::vector<Rial> flow_by_reason_; // [reason]
    std::vector<Rial> flow_by_period_; // [period * reason_slots_ + reason], rows up to the largest period set
    std::vector<LedgerObserver*> observers_;
};

} // namespace innosim::sim
