"""Proposal evaluation: utilities, verdicts with reasons, Pareto improvements."""

import pytest
from test_analysis import numeric_doc, two_issue_doc

import accord
from accord.analysis import ProposalError, evaluate
from accord.scenario import from_document


def test_utilities_and_acceptance_by_hand():
    result = evaluate(from_document(two_issue_doc()), {"A": "a2", "B": "b1"})
    assert result.utilities == pytest.approx({"X": 0.75, "Y": 0.675})
    assert result.accepted
    assert all(v.accepts and v.reasons == () for v in result.verdicts)


def test_reasons_name_the_red_line_and_the_shortfall():
    doc = two_issue_doc()
    doc["actors"]["Y"]["preferences"]["A"]["reject"] = ["a1"]
    result = evaluate(from_document(doc), {"A": "a1", "B": "b1"})
    y = {v.party: v for v in result.verdicts}["Y"]
    assert not y.accepts and not result.accepted
    assert "red line on A" in y.reasons[0] and "a1" in y.reasons[0]
    assert "0.200 below its reservation" in y.reasons[1]  # u_Y = 0 against 0.2


def test_pareto_improvements_are_weakly_better_for_all_and_best_first():
    scenario = from_document(two_issue_doc())
    result = evaluate(scenario, {"A": "a1", "B": "b2"})  # X .5, Y .25
    outcomes = [(d.outcome["A"], d.outcome["B"]) for d in result.improvements]
    # (a2,b1): gains .25, .425; (a3,b1): gains 0, .5 -> product ranks (a2,b1) first
    assert outcomes == [("a2", "b1"), ("a3", "b1")]
    for deal in result.improvements:
        assert deal.utilities["X"] >= 0.5 - 1e-9 and deal.utilities["Y"] >= 0.25 - 1e-9


def test_improvements_respect_red_lines():
    doc = two_issue_doc()
    doc["actors"]["X"]["preferences"]["B"]["reject"] = ["b1"]
    result = evaluate(from_document(doc), {"A": "a1", "B": "b2"})
    assert all(d.outcome["B"] == "b2" for d in result.improvements)


def test_no_improvement_from_a_frontier_point():
    result = evaluate(from_document(two_issue_doc()), {"A": "a2", "B": "b1"})
    assert result.improvements == ()


def test_numeric_proposal_off_the_grid_is_interpolated():
    scenario = from_document(numeric_doc({}, {}))
    result = evaluate(scenario, {"weeks": 6, "B": "b1"})
    # X: (0.6 + 1) / 2; Y: (0.4 + 0) / 2
    assert result.utilities == pytest.approx({"X": 0.8, "Y": 0.2})


@pytest.mark.parametrize("proposal, message", [
    ({"A": "a1"}, "missing B"),
    ({"A": "a1", "B": "b1", "C": "c"}, "unknown issue"),
    ({"A": "zz", "B": "b1"}, "no option 'zz'"),
])
def test_bad_proposals_say_what_is_wrong(proposal, message):
    with pytest.raises(ProposalError, match=message):
        evaluate(from_document(two_issue_doc()), proposal)


def test_numeric_proposal_out_of_range():
    with pytest.raises(ProposalError, match=r"ranges over \[0, 10\]"):
        evaluate(from_document(numeric_doc({}, {})), {"weeks": 11, "B": "b1"})


def test_cairo_phased_proposal_in_the_phased_variant():
    scenario = accord.load(variant="phased-ceasefire")
    result = evaluate(scenario, {"ceasefire": "phased", "rafah": "deferred", "hostages": "all"})
    assert result.accepted
    assert set(result.utilities) >= {"israel", "hamas", "egypt", "united-states"}
