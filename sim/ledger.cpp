#include "sim/ledger.hpp"

#include "sim/assert.hpp"
#include "sim/input_error.hpp"

#include <algorithm>
#include <stdexcept>

namespace innosim::sim {
namespace {

/// a + b, or std::overflow_error naming what overflowed: a silent wrap would break conservation.
Rial checked_add(Rial a, Rial b, const char* what) {
    Rial sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        throw std::overflow_error(std::string("ledger: int64 Rial overflow in ") + what);
    }
    return sum;
}

/// The sum of balances, computed modulo 2^64: exact whenever the true sum fits in int64 (it is 0),
/// even if a partial sum would not.
Rial wrapping_sum(const std::vector<Rial>& values) {
    std::uint64_t sum = 0;
    for (const Rial v : values) {
        sum += static_cast<std::uint64_t>(v);
    }
    return static_cast<Rial>(sum);
}

void check_limit(Rial overdraft_limit) {
    INNOSIM_ASSERT(overdraft_limit >= 0, "ledger: an overdraft limit is >= 0 Rial or kUnlimited");
}

} // namespace

AccountId Ledger::open(std::string name, Rial overdraft_limit) {
    check_limit(overdraft_limit);
    INNOSIM_ASSERT(accounts_.size() < std::numeric_limits<std::uint32_t>::max(), "ledger: at most 2^32 - 1 accounts");
    Account account;
    account.overdraft_limit = overdraft_limit;
    account.name = std::move(name);
    accounts_.push_back(std::move(account));
    return static_cast<AccountId>(accounts_.size() - 1);
}

void Ledger::check_account(AccountId account) const {
    INNOSIM_ASSERT(index(account) < accounts_.size(), "ledger: an account opened by this ledger");
}

bool Ledger::can_pay(AccountId from, Rial amount) const {
    check_account(from);
    INNOSIM_ASSERT(amount >= 0, "ledger: a payment of >= 0 Rial");
    const Account& payer = accounts_[index(from)];
    Rial after = 0;
    const bool overflow = __builtin_sub_overflow(payer.balance, amount, &after);
    if (payer.overdraft_limit == kUnlimited) {
        if (overflow) {
            throw std::overflow_error("ledger: int64 Rial overflow in the balance of '" + payer.name + "'");
        }
        return true;
    }
    // Below INT64_MIN is below any finite limit.
    return !overflow && after >= -payer.overdraft_limit;
}

bool Ledger::transfer(AccountId from, AccountId to, Rial amount, ReasonId reason, Ticks time) {
    check_account(to);
    INNOSIM_ASSERT(from != to, "ledger: a transfer between two different accounts");
    if (!can_pay(from, amount)) {
        ++rejected_count_;
        return false;
    }
    Account& payer = accounts_[index(from)];
    Account& payee = accounts_[index(to)];
    ensure_reason_slot(reason);
    Rial& reason_total = flow_by_reason_[reason];
    Rial& period_total = flow_by_period_[static_cast<std::size_t>(period_) * reason_slots_ + reason];
    AccountFlow& payer_flow = flow_of(payer, reason);
    AccountFlow& payee_flow = flow_of(payee, reason);

    // Compute every new value first, so an overflow anywhere leaves the ledger untouched.
    const Rial payer_balance = payer.balance - amount; // can_pay ruled out overflow here
    const Rial payee_balance = checked_add(payee.balance, amount, "a balance");
    const Rial new_reason_total = checked_add(reason_total, amount, "a flow total");
    const Rial new_period_total = checked_add(period_total, amount, "a flow total");
    const Rial new_outflow = checked_add(payer_flow.outflow, amount, "an account's outflow");
    const Rial new_inflow = checked_add(payee_flow.inflow, amount, "an account's inflow");

    payer.balance = payer_balance;
    payee.balance = payee_balance;
    reason_total = new_reason_total;
    period_total = new_period_total;
    payer_flow.outflow = new_outflow;
    payee_flow.inflow = new_inflow;
    ++transfer_count_;

    if (!observers_.empty()) {
        const Transfer made{time, from, to, amount, reason};
        for (LedgerObserver* observer : observers_) {
            observer->on_transfer(made);
        }
    }
    return true;
}

Rial Ledger::sum_of_balances() const {
    return wrapping_sum(balances());
}

void Ledger::set_period(std::uint32_t period) {
    period_ = period;
    const std::size_t needed = (static_cast<std::size_t>(period) + 1) * reason_slots_;
    if (flow_by_period_.size() < needed) {
        flow_by_period_.resize(needed, 0);
    }
}

void Ledger::ensure_reason_slot(ReasonId reason) {
    if (reason < reason_slots_) {
        return;
    }
    // Rare (once per new largest reason): widen the rows and copy them over.
    const std::uint32_t old_slots = reason_slots_;
    const std::uint32_t new_slots = std::max<std::uint32_t>(static_cast<std::uint32_t>(reason) + 1, 2 * old_slots);
    const std::size_t rows =
        std::max<std::size_t>(old_slots == 0 ? 0 : flow_by_period_.size() / old_slots, std::size_t{period_} + 1);
    std::vector<Rial> wider(rows * new_slots, 0);
    for (std::size_t row = 0; old_slots != 0 && row < flow_by_period_.size() / old_slots; ++row) {
        std::copy_n(flow_by_period_.begin() + static_cast<std::ptrdiff_t>(row * old_slots), old_slots,
                    wider.begin() + static_cast<std::ptrdiff_t>(row * new_slots));
    }
    flow_by_period_ = std::move(wider);
    flow_by_reason_.resize(new_slots, 0);
    reason_slots_ = new_slots;
}

Rial Ledger::flow_total(ReasonId reason) const {
    return reason < reason_slots_ ? flow_by_reason_[reason] : 0;
}

Rial Ledger::flow_total(ReasonId reason, std::uint32_t period) const {
    const std::size_t slot = static_cast<std::size_t>(period) * reason_slots_ + reason;
    return reason < reason_slots_ && slot < flow_by_period_.size() ? flow_by_period_[slot] : 0;
}

Ledger::AccountFlow& Ledger::flow_of(Account& account, ReasonId reason) {
    auto it = std::lower_bound(account.flows.begin(), account.flows.end(), reason,
                               [](const AccountFlow& flow, ReasonId r) { return flow.reason < r; });
    if (it == account.flows.end() || it->reason != reason) {
        it = account.flows.insert(it, AccountFlow{reason, 0, 0});
    }
    return *it;
}

const Ledger::AccountFlow* Ledger::find_flow(const Account& account, ReasonId reason) {
    const auto it = std::lower_bound(account.flows.begin(), account.flows.end(), reason,
                                     [](const AccountFlow& flow, ReasonId r) { return flow.reason < r; });
    return it != account.flows.end() && it->reason == reason ? &*it : nullptr;
}

Rial Ledger::inflow(AccountId account, ReasonId reason) const {
    const AccountFlow* flow = find_flow(accounts_.at(index(account)), reason);
    return flow != nullptr ? flow->inflow : 0;
}

Rial Ledger::outflow(AccountId account, ReasonId reason) const {
    const AccountFlow* flow = find_flow(accounts_.at(index(account)), reason);
    return flow != nullptr ? flow->outflow : 0;
}

void Ledger::set_overdraft_limit(AccountId account, Rial overdraft_limit) {
    check_account(account);
    check_limit(overdraft_limit);
    accounts_[index(account)].overdraft_limit = overdraft_limit;
}

void Ledger::add_observer(LedgerObserver* observer) {
    INNOSIM_ASSERT(observer != nullptr, "ledger: an observer, not nullptr");
    observers_.push_back(observer);
}

void Ledger::remove_observer(LedgerObserver* observer) {
    std::erase(observers_, observer);
}

std::vector<Rial> Ledger::balances() const {
    std::vector<Rial> result;
    result.reserve(accounts_.size());
    for (const Account& account : accounts_) {
        result.push_back(account.balance);
    }
    return result;
}

LedgerState Ledger::save_state() const {
    LedgerState state;
    state.balances = balances();
    state.overdraft_limits.reserve(accounts_.size());
    for (std::size_t i = 0; i < accounts_.size(); ++i) {
        state.overdraft_limits.push_back(accounts_[i].overdraft_limit);
        for (const AccountFlow& flow : accounts_[i].flows) {
            state.account_flows.push_back({static_cast<std::uint32_t>(i), flow.reason, flow.inflow, flow.outflow});
        }
    }
    state.transfer_count = transfer_count_;
    state.rejected_count = rejected_count_;
    state.period = period_;
    state.reason_slots = reason_slots_;
    state.flow_by_period = flow_by_period_;
    return state;
}

void Ledger::restore_state(const LedgerState& state) {
    auto fail = [](const std::string& why) { throw InputError("ledger checkpoint: " + why); };
    const std::size_t n = accounts_.size();
    if (state.balances.size() != n || state.overdraft_limits.size() != n) {
        fail("it has " + std::to_string(state.balances.size()) + " balances and " +
             std::to_string(state.overdraft_limits.size()) + " limits for " + std::to_string(n) + " accounts");
    }
    if (wrapping_sum(state.balances) != 0) {
        fail("the balances do not sum to 0 Rial");
    }
    for (const Rial limit : state.overdraft_limits) {
        if (limit < 0) {
            fail("a negative overdraft limit");
        }
    }
    const bool table_fits =
        state.reason_slots == 0 ? state.flow_by_period.empty() : state.flow_by_period.size() % state.reason_slots == 0;
    if (!table_fits) {
        fail("the flow table's size is not a multiple of its " + std::to_string(state.reason_slots) + " reasons");
    }
    if (state.reason_slots > std::size_t{std::numeric_limits<ReasonId>::max()} + 1) {
        fail("more reason slots than reasons");
    }
    // Lifetime totals per reason are the column sums of the per-period table.
    std::vector<Rial> by_reason(state.reason_slots, 0);
    for (std::size_t i = 0; state.reason_slots != 0 && i < state.flow_by_period.size(); ++i) {
        by_reason[i % state.reason_slots] =
            checked_add(by_reason[i % state.reason_slots], state.flow_by_period[i], "a restored flow total");
    }
    std::vector<std::vector<AccountFlow>> flows(n);
    for (const LedgerState::AccountFlow& flow : state.account_flows) {
        if (flow.account >= n) {
            fail("a flow of unknown account " + std::to_string(flow.account));
        }
        std::vector<AccountFlow>& list = flows[flow.account];
        if (!list.empty() && list.back().reason >= flow.reason) {
            fail("account flows are not sorted by reason");
        }
        list.push_back({flow.reason, flow.inflow, flow.outflow});
    }

    for (std::size_t i = 0; i < n; ++i) {
        accounts_[i].balance = state.balances[i];
        accounts_[i].overdraft_limit = state.overdraft_limits[i];
        accounts_[i].flows = std::move(flows[i]);
    }
    transfer_count_ = state.transfer_count;
    rejected_count_ = state.rejected_count;
    reason_slots_ = state.reason_slots;
    flow_by_period_ = state.flow_by_period;
    flow_by_reason_ = std::move(by_reason);
    set_period(state.period); // also grows the table to the current period's row
}

} // namespace innosim::sim
