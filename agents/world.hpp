#pragma once

// The state of every agent in a run. Plain data: the model's mechanisms change it, the recorder
// and the KPI functions read it. Agents address each other by index, never by pointer.

#include "agents/params.hpp"
#include "sim/ledger.hpp"
#include "sim/rng.hpp"
#include "sim/scheduler.hpp"

#include <cstdint>
#include <vector>

namespace innosim::agents {

using sim::AccountId;
using sim::Ticks;

enum class FailureCause : std::uint8_t { None = 0, CashOut = 1, LowProspects = 2, TeamBreakup = 3, Debt = 4 };

/// A customer or contract a firm holds; revenue arrives monthly until `until` (or until the
/// customer leaves). Contracts are paid by invoice and hold no market revenue (niche -1).
struct Opportunity {
    Ticks until = 0;         ///< ticks
    Rial revenue_month = 0;  ///< Rial per month at the start's prices
    std::int32_t niche = -1; ///< the niche it came from, -1 a municipal contract
};

/// A product market: a category in the city or in the rest of Iran. Its demand is a share of the
/// scenario's yearly demand; startups hold part of it, incumbents (outside firms) the rest.
struct Niche {
    Category category = Category::None;
    bool national = false;
    double weight = 0;                    ///< share of its market's demand
    Rial held_year = 0;                   ///< Rial per year at start prices held by startups
    std::vector<std::uint32_t> sellers{}; ///< active startups with a product here (rebuilt monthly)
};

struct Loan {
    std::uint32_t funder = 0;
    Rial principal_left = 0; ///< Rial
    Rial payment_month = 0;  ///< Rial per month
};

struct Stake {
    std::uint32_t funder = 0;
    double ownership = 0; ///< share of the firm
};

struct Startup {
    std::uint32_t id = 0;
    Stage stage = kIdea;
    FailureCause cause = FailureCause::None;
    Category category = Category::None;
    std::int16_t department = -1; ///< the department whose problems it targets, -1 private market only
    std::uint16_t district = 0;
    bool in_factory = false;
    bool certified = false;
    bool cert_pending = false;
    bool pivoted = false;
    bool municipal_reference = false; ///< has delivered a municipal contract or pilot
    bool seeking_funds = false;
    bool office = false;              ///< rents desks (else works from home or university)
    std::uint8_t founders = 2;        ///< people
    std::uint16_t employees = 2;      ///< people, founders included
    std::uint16_t vacancies = 0;      ///< open positions
    std::uint16_t delivery_need = 0;  ///< people the customers' work needs (last month)
    std::uint16_t rounds = 0;         ///< equity rounds raised
    std::uint16_t contract_staff = 0; ///< people hired to deliver municipal contracts
    std::uint32_t backed_by = 0;      ///< bit f set: funder f has backed this firm (first 32 funders)
    float x = 0.5f, y = 0.5f;         ///< map position
    double theta = 0;                 ///< latent quality, unknown to all
    double belief = 0;                ///< the firm's posterior mean of theta
    double belief_var = 1;            ///< posterior variance
    double public_mean = 0;           ///< what public tests (certificate, pilots) say of theta
    double public_precision = 0;      ///< their precision (0: no public record)
    double work_done = 0;             ///< person-months toward the next milestone
    Ticks founded = 0;
    Ticks stage_since = 0;
    Ticks factory_until = 0;
    Ticks last_round = 0;
    Ticks cert_review = 0;
    Ticks selling_since = -1; ///< first month with revenue, -1 never
    Rial revenue_month = 0;   ///< Rial, last month
    Rial burn_month = 0;      ///< Rial, last month
    Rial raised = 0;          ///< Rial received from funders and challenges
    AccountId account{};
    sim::EventId monthly{};
    sim::RngStream rng{0, 0, 0, 0};
    std::vector<Opportunity> opportunities{};
    std::vector<std::uint32_t> ties{};
    std::vector<Loan> loans{};
    std::vector<Stake> stakes{};
    std::vector<std::uint16_t> products{}; ///< niches it sells in (first: its own)

    bool active() const { return stage < kExited; }
};

enum class ProblemState : std::uint8_t { Open, InChallenge, Solved };

struct Problem {
    ProblemState state = ProblemState::Open;
    std::int32_t solver = -1; ///< startup index, or -1 (an outside firm, or none)
    Ticks solved_at = 0;
    double benefit_share = 0; ///< 0..1 of realised value reached (ramps up)
};

struct Department {
    AccountId account{};
    Rial general_budget_left = 0;  ///< Rial this year, any supplier
    Rial reserved_budget_left = 0; ///< Rial this year, local certified firms only
    std::vector<Problem> problems{};
    std::uint32_t pilots_running = 0;
    std::uint32_t contracts_active = 0;
    Rial payables = 0; ///< invoiced, not yet paid
    sim::RngStream rng{0, 0, 0, 0};
};

/// A bidder on a challenge: a local startup or an outside firm (index -1).
struct Bid {
    std::int32_t startup = -1;
    double theta = 0; ///< outside firms' quality; startups' is read from the firm
    double score = 0;
};

enum class ChallengePhase : std::uint8_t { Design, Prototype, Pilot, Done };

struct Challenge {
    std::uint16_t department = 0;
    std::uint16_t problem = 0;
    ChallengePhase phase = ChallengePhase::Design;
    bool set_aside = false;  ///< open to local knowledge-based firms only
    std::vector<Bid> bids{}; ///< the ones still in the race
    std::uint32_t bid_count = 0;
};

/// A procurement contract: monthly invoices, paid after the department's payment delay.
struct Contract {
    std::uint16_t department = 0;
    std::uint16_t problem = 0;
    std::int32_t startup = -1; ///< -1: an outside firm
    Rial invoice_month = 0;    ///< Rial per month
    int months_left = 0;
    bool active = true;
    bool local_certified = false; ///< paid from the reserve for local knowledge-based firms
    std::uint16_t staff = 0;      ///< people the supplier hired to deliver it
    sim::EventId invoices{};
};

struct Funder {
    AccountId account{};
    Rial deployed = 0; ///< Rial, cumulative
    Rial returned = 0; ///< Rial, cumulative
    Rial reserved = 0; ///< Rial kept for follow-ons
    Rial budget = 0;   ///< Rial it may still commit this month (pacing, carries over)
    std::uint32_t portfolio = 0;
    std::uint32_t deals = 0;
    std::vector<std::uint32_t> holdings{}; ///< firms it holds equity in, for follow-ons
    sim::RngStream rng{0, 0, 0, 0};
};

struct Factory {
    AccountId account{};
    std::uint32_t tenants = 0;
    std::uint32_t graduated = 0;
    std::uint32_t applicants_last_round = 0;
    std::uint32_t places_funded = 0; ///< teams the budget pays for (at most the capacity)
    std::vector<std::uint32_t> tenant_ids{};
    sim::RngStream rng{0, 0, 0, 0};
};

struct TalentPool {
    double people = 0;
    sim::RngStream rng{0, 0, 0, 0};
};

struct Municipality {
    AccountId treasury{};
    double housing_factor = 1;           ///< construction revenue relative to the start
    Rial revenue_month = 0;              ///< Rial, last month, all sources
    Rial sustainable_revenue_month = 0;  ///< Rial, last month
    Rial new_revenue_month = 0;          ///< Rial, last month, from adopted revenue solutions
    Rial savings_month = 0;              ///< Rial, last month, from adopted cost/import solutions
    std::vector<Rial> revenue_12m{};     ///< ring of the last 12 months, all sources
    std::vector<Rial> sustainable_12m{}; ///< ring of the last 12 months
    sim::RngStream rng{0, 0, 0, 0};
};

/// Counters behind the KPIs and the calibration report; all cumulative since the start.
struct Counters {
    std::uint32_t founded = 0;
    std::uint32_t failed = 0;
    std::uint32_t exits = 0;
    std::uint32_t priority_solved = 0;
    std::uint32_t problems_solved = 0;
    Rial savings = 0;            ///< Rial realised savings (cost and import problems)
    Rial new_revenue = 0;        ///< Rial new sustainable revenue
    Rial public_spent = 0;       ///< Rial grants, challenge awards, contracts, factory, subsidised loans
    Rial private_invested = 0;   ///< Rial equity and bank loans
    double quality_of_life = 0;  ///< index points gained
    double import_reduction = 0; ///< index points removed
    std::uint32_t challenges = 0;
    std::uint32_t bids = 0;
    std::uint32_t local_bids = 0;
    std::uint32_t pilots = 0;
    std::uint32_t pilots_passed = 0;
    std::uint32_t contracts = 0;
    std::uint32_t contracts_local = 0;
    std::uint32_t cert_applications = 0;
    std::uint32_t cert_approved = 0;
    std::uint32_t cert_revoked = 0;
    std::uint32_t grants = 0;
    std::uint32_t loans = 0;
    std::uint32_t rounds = 0;
    // Signals the talent pool watches: events of the last 12 months, kept as monthly rings.
    std::vector<std::uint32_t> support_12m{}; ///< grants + admissions + contracts per month
    std::vector<std::uint32_t> success_12m{}; ///< rounds + exits + contracts per month
};

} // namespace innosim::agents
