#pragma once

// What the model tells the outside world (the recorder, the live server) as it runs. The values
// of EventKind, AgentKind and Reason equal those of sim/proto/run.proto, so the recorder maps
// them one to one; the model itself stays free of protobuf.

#include "agents/params.hpp"
#include "sim/time.hpp"

#include <cstdint>
#include <string_view>

namespace innosim::agents {

enum class AgentKind : std::uint8_t {
    Startup = 1,
    Department = 2,
    Funder = 3,
    Factory = 4,
    Municipality = 5,
    TalentPool = 6,
    Outside = 7
};

struct AgentRef {
    AgentKind kind = AgentKind::Outside;
    std::uint32_t id = 0;
};

enum class EventKind : std::uint8_t {
    StartupFounded = 1,
    StageAdvanced = 2,
    StartupFailed = 3,
    StartupExited = 4,
    Transfer = 5,
    ChallengePublished = 6,
    ChallengeAwarded = 7,
    PilotStarted = 8,
    ContractSigned = 9,
    ProblemSolved = 10,
    Certified = 11,
    Decertified = 12,
    FactoryAdmitted = 13,
    FactoryGraduated = 14,
    Hired = 15,
    LaidOff = 16,
    Pivoted = 17,
    TieFormed = 18,
    LeverChanged = 19,
    CertApplied = 20,
    RoundRaised = 21,
    LoanDefaulted = 22,
};

enum class Reason : std::uint16_t {
    FounderCapital = 1,
    Grant = 2,
    Loan = 3,
    LoanRepayment = 4,
    Equity = 5,
    ChallengeAward = 6,
    ContractPayment = 7,
    MarketRevenue = 8,
    Salary = 9,
    Rent = 10,
    Tax = 11,
    ExitProceeds = 12,
    BudgetAllocation = 13,
    MunicipalRevenue = 14,
    MunicipalSpending = 15,
    Savings = 16,
    FactoryOperations = 17,
    FundCapital = 18,
    WriteOff = 19,
    Inputs = 20,      ///< suppliers of materials and services, a share of revenue
    FounderDraw = 21, ///< founders' living costs paid by their firm
    Dividend = 22,    ///< profits paid out to the owners
};
inline constexpr int kReasonCount = 23;

struct DomainEvent {
    sim::Ticks time = 0;
    EventKind kind = EventKind::Transfer;
    AgentRef subject;
    AgentRef object;
    Rial amount = 0;         ///< Rial
    Reason reason{};         ///< for transfers
    std::int32_t value = 0;  ///< kind-specific: new stage, headcount change, phase, failure cause
    std::string_view detail; ///< points into parameters or a literal: valid during the call only
};

/// A money movement with both parties named, for flow aggregation.
struct FlowRecord {
    sim::Ticks time = 0;
    AgentRef from;
    AgentRef to;
    Reason reason{};
    Rial amount = 0;
    Category category = Category::None; ///< of the startup involved, if any
    std::int8_t stage = -1;             ///< of the startup involved, if any
};

class ModelObserver {
public:
    virtual ~ModelObserver() = default;
    /// A notable event (founding, round, contract, failure...).
    virtual void on_event(const DomainEvent& event) = 0;
    /// Every ledger transfer (salaries included), for flow totals.
    virtual void on_flow(const FlowRecord& flow) = 0;
    /// A snapshot is due: read the world now.
    virtual void on_snapshot(sim::Ticks time, const class Model& model) = 0;
};

} // namespace innosim::agents
