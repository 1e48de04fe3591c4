#pragma once
// Explanations of findings: the evidence lines that show why a fact has its
// value (the fact itself, then the list matches, audit findings, narrative
// hits, disclosure statements or goods-table entries behind it), and for a
// fact the evidence does not establish, the document that would supply it.
// Built only with explanations on; the assessor calls these for flagged and
// insufficient_data findings.

#include <vector>

#include "engine/rules/assessment.h"
#include "engine/rules/condition.h"
#include "engine/rules/evidence.h"
#include "engine/rules/facts.h"

namespace clearbid {

/// Appends the evidence lines for fact `id` of party `pe` of `ev` (`pe` null:
/// a process-level rule, only the fact line). `hits` are the party's
/// narrative hits, as ExtractFacts returned them.
void ExplainFact(FactId id, const FactSet& facts, const ProcessEvidence& ev, const PartyEvidence* pe,
                 const std::vector<NarrativeHit>& hits, std::vector<EvidenceItem>* out);

/// Appends, for each fact `condition` reads that `facts` leaves unknown, the
/// fact's name and what supplies it (in the condition's first-use order).
void ListMissingEvidence(const Condition& condition, const FactSet& facts, std::vector<MissingEvidence>* out);

}  // namespace clearbid
