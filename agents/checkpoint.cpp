#include "agents/checkpoint.hpp"

// [SECTION] Index
//   Archive       Writer / Reader: fixed-width little-endian integers, doubles by bit pattern
//   Picker access the market picker's private Fenwick sums
//   fields()      one function per agent struct, shared by save and restore
//   Checkpoint    ModelCheckpoint::save / restore / peek
//   Runs          scenarios from run headers, fork scenarios

#include "agents/model.hpp"
#include "sim/calendar.hpp"
#include "sim/input_error.hpp"
#include "sim/io/overrides.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <concepts>
#include <cstring>
#include <map>
#include <type_traits>
#include <utility>

namespace innosim::agents {

namespace {

constexpr std::string_view kMagic = "INNOCKPT";
constexpr std::uint32_t kEndMarker = 0x21444e45; // "END!": catches a save/load field mismatch
constexpr std::uint32_t kNoEvent = UINT32_MAX;   // an EventId that names no pending event

[[noreturn]] void corrupt(const std::string& why) {
    throw InputError("checkpoint: " + why);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Archive

/// Appends values in a fixed, portable layout: integers little-endian at their own width, floats
/// by bit pattern (exact, NaN payloads included), containers as a u64 count and their elements.
class Writer {
public:
    /// `events`: the pending events in dispatch order. An agent's EventId is written as the position
    /// of its event in that order (or none if it is no longer pending): slot numbers depend on how
    /// the scheduler reused its slots, which a restored scheduler does its own way, so they must not
    /// reach the bytes.
    explicit Writer(const std::vector<sim::Event>& events) {
        pending_.reserve(events.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            pending_.emplace_back(events[i].id, static_cast<std::uint32_t>(i));
        }
        std::sort(pending_.begin(), pending_.end(),
                  [](const auto& a, const auto& b) { return id_less(a.first, b.first); });
    }
    template <class... T> void operator()(const T&... values) { (put(values), ...); }
    std::string& bytes() { return bytes_; }

private:
    static bool id_less(sim::EventId a, sim::EventId b) {
        return a.slot != b.slot ? a.slot < b.slot : a.generation < b.generation;
    }
    void put(const sim::EventId& id) {
        const auto at = std::lower_bound(pending_.begin(), pending_.end(), id,
                                         [](const auto& entry, sim::EventId key) { return id_less(entry.first, key); });
        put(at != pending_.end() && at->first == id ? at->second : kNoEvent);
    }
    void put(bool value) { bytes_ += static_cast<char>(value ? 1 : 0); }
    template <std::integral T> void put(T value) {
        using Unsigned = std::make_unsigned_t<T>;
        const auto bits = static_cast<Unsigned>(value);
        if constexpr (std::endian::native == std::endian::little) {
            // The layout already: one append instead of a byte at a time (checkpoints are MBs).
            const auto bytes = std::bit_cast<std::array<char, sizeof(T)>>(bits);
            bytes_.append(bytes.data(), bytes.size());
        } else {
            for (std::size_t i = 0; i < sizeof(T); ++i) {
                bytes_ += static_cast<char>((bits >> (8 * i)) & 0xffU);
            }
        }
    }
    template <class E>
    requires std::is_enum_v<E>
    void put(E value) { put(static_cast<std::underlying_type_t<E>>(value)); }
    void put(double value) { put(std::bit_cast<std::uint64_t>(value)); }
    void put(float value) { put(std::bit_cast<std::uint32_t>(value)); }
    void put(const std::string& text) {
        put(static_cast<std::uint64_t>(text.size()));
        bytes_ += text;
    }
    template <class T> void put(const std::vector<T>& items) {
        put(static_cast<std::uint64_t>(items.size()));
        for (const T& item : items) {
            put(item);
        }
    }
    template <class T, std::size_t N> void put(const std::array<T, N>& items) {
        for (const T& item : items) {
            put(item);
        }
    }
    void put(const sim::RngStream& rng) { put(rng.state()); }
    template <class T>
    requires std::is_class_v<T>
    void put(const T& value) {
        // fields() serves both directions, so it takes a mutable reference; saving never writes.
        fields(*this, const_cast<T&>(value));
    }

    std::vector<std::pair<sim::EventId, std::uint32_t>> pending_;
    std::string bytes_;
};

/// Reads what Writer wrote. Every read is bounds-checked; a container count larger than the bytes
/// left is corruption (never an allocation of gigabytes).
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    template <class... T> void operator()(T&... values) { (get(values), ...); }
    std::size_t remaining() const { return bytes_.size() - pos_; }
    /// How many pending events the checkpoint holds: agents' EventIds are positions among them.
    void set_event_count(std::size_t count) { event_count_ = count; }
    /// The id a restored event at `position` gets (odd, never the free generation 0).
    static sim::EventId id_at(std::uint32_t position) { return {position, 1}; }

private:
    const char* take(std::size_t n) {
        if (n > remaining()) {
            corrupt("truncated (" + std::to_string(n) + " more bytes needed at byte " + std::to_string(pos_) + " of " +
                    std::to_string(bytes_.size()) + ")");
        }
        const char* at = bytes_.data() + pos_;
        pos_ += n;
        return at;
    }
    void get(sim::EventId& id) {
        std::uint32_t position = 0;
        get(position);
        if (position != kNoEvent && position >= event_count_) {
            corrupt("an agent holds event " + std::to_string(position) + " of " + std::to_string(event_count_) +
                    " pending");
        }
        id = position == kNoEvent ? sim::EventId{} : id_at(position);
    }
    void get(bool& value) {
        const auto byte = static_cast<unsigned char>(*take(1));
        if (byte > 1) {
            corrupt("a flag holds " + std::to_string(byte) + " at byte " + std::to_string(pos_ - 1));
        }
        value = byte == 1;
    }
    template <std::integral T> void get(T& value) {
        using Unsigned = std::make_unsigned_t<T>;
        const char* at = take(sizeof(T));
        Unsigned bits = 0;
        if constexpr (std::endian::native == std::endian::little) {
            std::memcpy(&bits, at, sizeof(T));
        } else {
            for (std::size_t i = sizeof(T); i-- > 0;) {
                bits = static_cast<Unsigned>((bits << 8U) | static_cast<unsigned char>(at[i]));
            }
        }
        value = static_cast<T>(bits);
    }
    template <class E>
    requires std::is_enum_v<E>
    void get(E& value) {
        std::underlying_type_t<E> raw{};
        get(raw);
        value = static_cast<E>(raw);
    }
    void get(double& value) {
        std::uint64_t bits = 0;
        get(bits);
        value = std::bit_cast<double>(bits);
    }
    void get(float& value) {
        std::uint32_t bits = 0;
        get(bits);
        value = std::bit_cast<float>(bits);
    }
    std::size_t count() {
        std::uint64_t n = 0;
        get(n);
        if (n > remaining()) {
            corrupt("a list claims " + std::to_string(n) + " items with " + std::to_string(remaining()) +
                    " bytes left");
        }
        return static_cast<std::size_t>(n);
    }
    void get(std::string& text) {
        const std::size_t n = count();
        text.assign(take(n), n);
    }
    template <class T> void get(std::vector<T>& items) {
        items.clear();
        items.resize(count());
        for (T& item : items) {
            get(item);
        }
    }
    template <class T, std::size_t N> void get(std::array<T, N>& items) {
        for (T& item : items) {
            get(item);
        }
    }
    void get(sim::RngStream& rng) {
        std::array<std::uint64_t, 4> state{};
        get(state);
        if (state == std::array<std::uint64_t, 4>{}) {
            corrupt("an RNG stream with the all-zero state");
        }
        rng.set_state(state);
    }
    template <class T>
    requires std::is_class_v<T>
    void get(T& value) { fields(*this, value); }

    std::string_view bytes_;
    std::size_t pos_ = 0;
    std::size_t event_count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] fields()
//
// Every field of every struct, in declaration order. A field added to world.hpp must be added
// here too (tests/agents/checkpoint_test.cpp pins the struct sizes to remind whoever adds one).

// A pending event's id is its position in the list (see Writer).
template <class Ar> void fields(Ar& ar, sim::Event& e) {
    ar(e.time, e.period, e.seq, e.payload, e.kind, e.target, e.priority);
}
template <class Ar> void fields(Ar& ar, sim::LedgerState::AccountFlow& f) {
    ar(f.account, f.reason, f.inflow, f.outflow);
}
template <class Ar> void fields(Ar& ar, sim::LedgerState& s) {
    ar(s.balances, s.overdraft_limits, s.transfer_count, s.rejected_count, s.period, s.reason_slots, s.flow_by_period,
       s.account_flows);
}
template <class Ar> void fields(Ar& ar, AgentRef& r) {
    ar(r.kind, r.id);
}
template <class Ar> void fields(Ar& ar, Opportunity& o) {
    ar(o.until, o.revenue_month, o.niche);
}
template <class Ar> void fields(Ar& ar, Loan& l) {
    ar(l.funder, l.principal_left, l.payment_month);
}
template <class Ar> void fields(Ar& ar, Stake& s) {
    ar(s.funder, s.ownership);
}
template <class Ar> void fields(Ar& ar, Startup& s) {
    ar(s.id, s.stage, s.cause, s.category, s.department, s.district, s.in_factory, s.certified, s.cert_pending,
       s.pivoted, s.municipal_reference, s.seeking_funds, s.office, s.founders, s.employees, s.vacancies,
       s.delivery_need, s.rounds, s.contract_staff, s.backed_by, s.x, s.y, s.theta, s.belief, s.belief_var,
       s.public_mean, s.public_precision, s.work_done, s.founded, s.stage_since, s.factory_until, s.last_round,
       s.cert_review, s.selling_since, s.revenue_month, s.burn_month, s.raised, s.account, s.monthly, s.rng,
       s.opportunities, s.ties, s.loans, s.stakes, s.products);
}
template <class Ar> void fields(Ar& ar, Problem& p) {
    ar(p.state, p.solver, p.solved_at, p.benefit_share);
}
template <class Ar> void fields(Ar& ar, Department& d) {
    ar(d.account, d.general_budget_left, d.reserved_budget_left, d.problems, d.pilots_running, d.contracts_active,
       d.payables, d.rng);
}
template <class Ar> void fields(Ar& ar, Bid& b) {
    ar(b.startup, b.theta, b.score);
}
template <class Ar> void fields(Ar& ar, Challenge& c) {
    ar(c.department, c.problem, c.phase, c.set_aside, c.bids, c.bid_count);
}
template <class Ar> void fields(Ar& ar, Contract& c) {
    ar(c.department, c.problem, c.startup, c.invoice_month, c.months_left, c.active, c.local_certified, c.staff,
       c.invoices);
}
template <class Ar> void fields(Ar& ar, PendingPayment& p) {
    ar(p.contract, p.amount);
}
template <class Ar> void fields(Ar& ar, Funder& f) {
    ar(f.account, f.deployed, f.returned, f.reserved, f.budget, f.portfolio, f.deals, f.holdings, f.rng);
}
template <class Ar> void fields(Ar& ar, Factory& f) {
    ar(f.account, f.tenants, f.graduated, f.applicants_last_round, f.places_funded, f.tenant_ids, f.rng);
}
template <class Ar> void fields(Ar& ar, TalentPool& t) {
    ar(t.people, t.rng);
}
template <class Ar> void fields(Ar& ar, Municipality& m) {
    ar(m.treasury, m.housing_factor, m.revenue_month, m.sustainable_revenue_month, m.new_revenue_month, m.savings_month,
       m.revenue_12m, m.sustainable_12m, m.rng);
}
template <class Ar> void fields(Ar& ar, Counters& c) {
    ar(c.founded, c.failed, c.exits, c.priority_solved, c.problems_solved, c.savings, c.new_revenue, c.public_spent,
       c.private_invested, c.quality_of_life, c.import_reduction, c.challenges, c.bids, c.local_bids, c.pilots,
       c.pilots_passed, c.contracts, c.contracts_local, c.cert_applications, c.cert_approved, c.cert_revoked, c.grants,
       c.loans, c.rounds, c.support_12m, c.success_12m);
}
template <class Ar> void fields(Ar& ar, Niche& n) {
    ar(n.category, n.national, n.weight, n.held_year, n.sellers);
}

/// The dated lever changes a model knows, by (time, description): how a checkpoint names them, so
/// that a model with more changes (a fork) can map the checkpoint's onto its own.
struct ChangeKey {
    sim::Ticks at = 0;
    std::string description;
};
template <class Ar> void fields(Ar& ar, ChangeKey& k) {
    ar(k.at, k.description);
}

/// Everything in front of the world: who the checkpoint is of and where the run stood.
struct Preamble {
    std::uint32_t format_version = 0;
    std::uint64_t seed = 0;
    std::uint32_t replication = 0;
    sim::Ticks now = 0;
    std::uint32_t month = 0;
};

Preamble read_preamble(Reader& in, std::string_view bytes) {
    if (bytes.substr(0, kMagic.size()) != kMagic) {
        corrupt("not a checkpoint (no INNOCKPT magic)");
    }
    std::array<char, 8> magic{};
    in(magic);
    Preamble p;
    in(p.format_version);
    if (p.format_version != kCheckpointFormatVersion) {
        throw InputError("checkpoint: format version " + std::to_string(p.format_version) + ", this build reads " +
                         std::to_string(kCheckpointFormatVersion));
    }
    in(p.seed, p.replication, p.now, p.month);
    return p;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Checkpoint

template <class Archive> void ModelCheckpoint::world(Archive& ar, Model& m) {
    ar(m.account_owner_, m.outside_households_, m.outside_suppliers_, m.outside_state_);
    ar(m.startups_, m.active_, m.active_position_, m.departments_, m.challenges_, m.contracts_, m.payments_, m.funders_,
       m.factory_, m.talent_, m.municipality_, m.counters_);
    ar(m.market_rng_, m.ties_rng_, m.price_index_, m.market_scale_, m.month_, m.base_quality_of_life_, m.niches_,
       m.fill_rate_, m.vacancies_open_, m.peer_scale_revenue_, m.peer_scale_count_, m.recording_);
}

std::uint32_t ModelCheckpoint::month(const Model& model) {
    return static_cast<std::uint32_t>(std::max(model.month_, 0));
}

std::string ModelCheckpoint::save(const Model& model) {
    Model& m = const_cast<Model&>(model); // world() serves both directions; the Writer only reads
    const std::vector<sim::Event> events = model.scheduler_.pending_events();
    Writer out(events);
    out.bytes().reserve(4096 + model.startups_.size() * 256);
    std::array<char, 8> magic{};
    std::copy(kMagic.begin(), kMagic.end(), magic.begin());
    out(magic, kCheckpointFormatVersion, model.seed_, model.replication_, model.now(), month(model));

    // Which dated changes exist, and how many are in force: interventions fire in index order (the
    // loader sorts them by date and the constructor schedules them in that order), so the ones in
    // force are those no longer pending.
    std::vector<ChangeKey> changes;
    changes.reserve(model.changes_.size());
    for (const ParamChange& change : model.changes_) {
        changes.push_back({change.at, change.description});
    }
    auto in_force = static_cast<std::uint32_t>(model.changes_.size());
    for (const sim::Event& event : events) {
        if (event.kind == kIntervention) {
            in_force = std::min(in_force, event.target);
        }
    }
    out(changes, in_force);

    out(model.scheduler_.next_seq(), events);
    out(model.ledger_.save_state());
    world(out, m);
    out(kEndMarker);
    return std::move(out.bytes());
}

CheckpointInfo ModelCheckpoint::peek(std::string_view bytes) {
    Reader in(bytes);
    const Preamble p = read_preamble(in, bytes);
    return {.format_version = p.format_version,
            .seed = p.seed,
            .replication = p.replication,
            .time = p.now,
            .month = p.month};
}

CheckpointInfo ModelCheckpoint::restore(Model& m, std::string_view bytes) {
    Reader in(bytes);
    const Preamble p = read_preamble(in, bytes);
    if (p.seed != m.seed_ || p.replication != m.replication_) {
        throw InputError("checkpoint: taken with seed " + std::to_string(p.seed) + " replication " +
                         std::to_string(p.replication) + ", the model has seed " + std::to_string(m.seed_) +
                         " replication " + std::to_string(m.replication_));
    }
    if (p.now < -m.run_params_.spin_up || p.now >= sim::kNever) {
        corrupt("time " + std::to_string(p.now) + " is not a time");
    }
    std::vector<ChangeKey> saved_changes;
    std::uint32_t saved_in_force = 0;
    std::uint64_t next_seq = 0;
    std::vector<sim::Event> events;
    sim::LedgerState ledger;
    in(saved_changes, saved_in_force, next_seq, events, ledger);
    for (std::size_t i = 0; i < events.size(); ++i) {
        events[i].id = Reader::id_at(static_cast<std::uint32_t>(i));
    }
    in.set_event_count(events.size());
    world(in, m);
    std::uint32_t end = 0;
    in(end);
    if (end != kEndMarker || in.remaining() != 0) {
        corrupt("does not end where its fields do (written by another build?)");
    }
    if (saved_in_force > saved_changes.size()) {
        corrupt(std::to_string(saved_in_force) + " lever changes in force of " + std::to_string(saved_changes.size()));
    }

    // The world's internal references: agents address each other by index.
    const std::size_t firms = m.startups_.size();
    for (std::size_t i = 0; i < firms; ++i) {
        if (m.startups_[i].id != i) {
            corrupt("startup " + std::to_string(i) + " carries id " + std::to_string(m.startups_[i].id));
        }
    }
    if (m.active_position_.size() != firms) {
        corrupt("startup tables of different lengths");
    }
    for (std::size_t k = 0; k < m.active_.size(); ++k) {
        if (m.active_[k] >= firms || m.active_position_[m.active_[k]] != k) {
            corrupt("the active-startup list is inconsistent");
        }
    }
    const std::size_t niches = m.niches_.size();
    for (const Startup& firm : m.startups_) {
        for (const std::uint16_t n : firm.products) {
            if (n >= niches) {
                corrupt("startup " + std::to_string(firm.id) + " sells in niche " + std::to_string(n) + " of " +
                        std::to_string(niches));
            }
        }
        for (const Opportunity& customer : firm.opportunities) {
            if (customer.niche < -1 || customer.niche >= static_cast<std::int64_t>(niches)) {
                corrupt("startup " + std::to_string(firm.id) + " holds a customer of niche " +
                        std::to_string(customer.niche) + " of " + std::to_string(niches));
            }
        }
    }
    for (const Niche& niche : m.niches_) {
        for (const std::uint32_t s : niche.sellers) {
            if (s >= firms) {
                corrupt("a niche lists seller " + std::to_string(s) + " of " + std::to_string(firms) + " startups");
            }
        }
    }
    if (m.departments_.size() != m.params_.departments.size() || m.funders_.size() != m.params_.funders.size()) {
        throw InputError("checkpoint: " + std::to_string(m.departments_.size()) + " departments and " +
                         std::to_string(m.funders_.size()) + " funders, the scenario has " +
                         std::to_string(m.params_.departments.size()) + " and " +
                         std::to_string(m.params_.funders.size()) + " (a checkpoint of another scenario?)");
    }
    if (m.account_owner_.size() != ledger.balances.size() || m.account_owner_.size() < m.ledger_.account_count()) {
        throw InputError("checkpoint: " + std::to_string(ledger.balances.size()) + " ledger accounts for " +
                         std::to_string(m.account_owner_.size()) + " owners; the model opened " +
                         std::to_string(m.ledger_.account_count()) + " (a checkpoint of another scenario?)");
    }

    const auto account_ok = [&](AccountId account) {
        return static_cast<std::size_t>(account) < ledger.balances.size();
    };
    bool accounts_ok = account_ok(m.outside_households_) && account_ok(m.outside_suppliers_) &&
                       account_ok(m.outside_state_) && account_ok(m.municipality_.treasury) &&
                       account_ok(m.factory_.account);
    for (const Startup& firm : m.startups_) {
        accounts_ok = accounts_ok && account_ok(firm.account);
    }
    for (const Department& department : m.departments_) {
        accounts_ok = accounts_ok && account_ok(department.account);
    }
    for (const Funder& funder : m.funders_) {
        accounts_ok = accounts_ok && account_ok(funder.account);
    }
    if (!accounts_ok) {
        corrupt("an agent names a ledger account that does not exist");
    }

    // Map the checkpoint's lever changes onto the model's; the model may know more (a fork adds its
    // own), which must all lie after the checkpoint.
    std::vector<std::uint32_t> change_index(saved_changes.size());
    std::vector<bool> matched(m.changes_.size(), false);
    for (std::size_t i = 0; i < saved_changes.size(); ++i) {
        std::size_t j = 0;
        while (j < m.changes_.size() && (matched[j] || m.changes_[j].at != saved_changes[i].at ||
                                         m.changes_[j].description != saved_changes[i].description)) {
            ++j;
        }
        if (j == m.changes_.size()) {
            throw InputError("checkpoint: lever change \"" + saved_changes[i].description +
                             "\" is not in the scenario (a checkpoint of another scenario?)");
        }
        matched[j] = true;
        change_index[i] = static_cast<std::uint32_t>(j);
    }
    // The changes in force must stay a prefix of the model's list (interventions fire in index
    // order), and every change the checkpoint did not know must still lie ahead.
    std::uint32_t in_force = 0;
    for (std::uint32_t i = 0; i < saved_in_force; ++i) {
        in_force = std::max(in_force, change_index[i] + 1);
    }
    if (in_force != saved_in_force) {
        throw InputError("checkpoint: the scenario adds lever changes before ones already in force (only "
                         "changes after the checkpoint can be added)");
    }
    for (std::uint32_t j = 0; j < m.changes_.size(); ++j) {
        if (!matched[j] && m.changes_[j].at <= p.now) {
            throw InputError("checkpoint: lever change \"" + m.changes_[j].description + "\" at tick " +
                             std::to_string(m.changes_[j].at) + " is not after the checkpoint's time " +
                             std::to_string(p.now));
        }
    }

    // The pending events: checked here, because Scheduler::restore only asserts.
    const std::size_t limits[] = {0,
                                  1,
                                  1,
                                  1,
                                  firms,
                                  1,
                                  m.departments_.size(),
                                  m.challenges_.size(),
                                  m.contracts_.size(),
                                  m.payments_.size(),
                                  m.funders_.size(),
                                  1,
                                  firms,
                                  saved_changes.size()};
    static_assert(std::size(limits) == kIntervention + 1, "one target bound per ModelEvent kind");
    for (sim::Event& event : events) {
        if (event.kind == 0 || event.kind > kIntervention || event.target >= limits[event.kind]) {
            corrupt("a pending event of kind " + std::to_string(event.kind) + " for target " +
                    std::to_string(event.target));
        }
        if (event.time < p.now || event.time >= sim::kNever || event.period < 0 || event.seq >= next_seq) {
            corrupt("a pending event with an impossible time, period or sequence number");
        }
        if (event.kind == kIntervention) {
            if (event.target < saved_in_force) {
                corrupt("a lever change both pending and in force");
            }
            event.target = change_index[event.target];
        }
    }

    // The ledger: the model opened the accounts of its start; the checkpoint may have more.
    while (m.ledger_.account_count() < ledger.balances.size()) {
        m.ledger_.open(std::string());
    }
    m.ledger_.restore_state(ledger);

    // In the run its levers (or the latest change's); in the spin-up the pre-start ones the
    // constructor set.
    if (m.recording_) {
        m.params_ = in_force > 0 ? m.changes_[in_force - 1].params : m.run_params_;
    }
    m.scheduler_.restore(p.now, next_seq, std::move(events));
    // Changes the checkpoint did not know (a fork's), at the priority the constructor gives them.
    for (std::uint32_t j = 0; j < m.changes_.size(); ++j) {
        if (!matched[j]) {
            m.scheduler_.schedule_at(m.changes_[j].at, kIntervention, j, 0, -4);
        }
    }
    return {.format_version = p.format_version,
            .seed = p.seed,
            .replication = p.replication,
            .time = p.now,
            .month = p.month};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Runs

LoadedScenario scenario_from_header(const run::RunHeader& header) {
    LoadedScenario loaded;
    loaded.scenario = header.scenario();
    loaded.file = "run:" + header.scenario().name();
    loaded.text = header.scenario_text();
    derive_params(loaded);
    return loaded;
}

sim::Ticks run_time_of(const LoadedScenario& loaded, const std::string& date, std::string_view what) {
    sim::JalaliDate day{};
    try {
        day = sim::parse_jalali(date);
    } catch (const InputError& e) {
        throw InputError(std::string(what) + " " + date + ": " + e.what());
    }
    const sim::Calendar calendar(sim::parse_jalali(loaded.params.start_date));
    const sim::Ticks t = calendar.to_ticks(day);
    if (t < 0 || t > loaded.params.end) {
        throw InputError(std::string(what) + " " + date + " is outside the run (" + loaded.params.start_date + " .. " +
                         loaded.params.end_date + ")");
    }
    return t;
}

LoadedScenario fork_scenario(const LoadedScenario& parent, const std::string& date,
                             const std::vector<std::string>& overrides) {
    // Fields read once, at the start (or naming the run itself): changing them mid-run means nothing
    // or breaks the calendar.
    static constexpr std::string_view kStartOnly[] = {
        "name", "description",         "start",         "horizon", "end",       "seed",
        "base", "snapshot_every_days", "interventions", "targets", "overrides", "spin_up"};
    run_time_of(parent, date, "--at");
    LoadedScenario check = parent;
    apply_overrides(check, overrides); // the same validation and messages as --set
    LoadedScenario branch = parent;
    for (const std::string& assignment : overrides) {
        const auto [path, value] = io::split_assignment(assignment);
        const std::string root = io::parse_field_path(path).front().field;
        if (std::find(std::begin(kStartOnly), std::end(kStartOnly), root) != std::end(kStartOnly)) {
            throw InputError("--set " + assignment + ": " + root +
                             " is fixed when a run starts; a fork can change levers, not the run itself");
        }
        scenario::Intervention& intervention = *branch.scenario.add_interventions();
        intervention.set_at(date);
        intervention.set_path(path);
        intervention.set_value(value);
        intervention.set_note("fork at " + date);
    }
    derive_params(branch);
    return branch;
}

void mark_fork(run::RunHeader& branch, const run::RunHeader& parent, sim::Ticks fork_time,
               const std::vector<std::string>& overrides) {
    branch.set_parent_scenario_sha256(parent.scenario_sha256());
    branch.set_fork_time(fork_time);
    branch.clear_overrides();
    for (const std::string& assignment : overrides) {
        branch.add_overrides(assignment);
    }
}

} // namespace innosim::agents
