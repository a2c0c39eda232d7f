"""The registry of steps, the state machine, the services, the flow's works and nodes and the task form agree.

A step is declared once (`lifecycle.STEPS`); everything else is built from it or checked against it here, so a
step added to the registry without a way to reach it, a queue, a form or a label fails this module by name.
"""

import inspect
from dataclasses import replace

import pytest

from tasks_registry import services
from tasks_registry.lifecycle import (
    FINAL_STATES,
    RESULT,
    STEPS,
    SUBJECT_STATES,
    SUPPORT,
    TRANSFER,
    Status,
    Step,
    SupportStatus,
    TransferStatus,
)
from tasks_registry.models import CommercialisationSupport, Result, Transfer
from tasks_registry.templatetags.registry_tags import action_text
from workflows.flows import ResultFlow
from workflows.forms import SERVICE_ARGUMENT, WorkForm
from workflows.pending import WORKS

# The arguments every step's service takes whatever the step: who acts, for which agency, and why.
COMMON_ARGUMENTS = {"actor", "agency", "comment"}
# What `services.record_result` files a result in, and what offering a transfer or asking for support creates.
INITIAL = {RESULT: Status.ACCEPTANCE_SUBMITTED, TRANSFER: TransferStatus.OFFERED, SUPPORT: SupportStatus.REQUESTED}
MACHINES = {RESULT: Result, TRANSFER: Transfer, SUPPORT: CommercialisationSupport}
FINAL = {
    RESULT: FINAL_STATES,
    TRANSFER: (TransferStatus.DECLINED, TransferStatus.APPLIED),
    SUPPORT: (SupportStatus.REFUSED, SupportStatus.REPORTED),
}


def _transitions():
    """{(subject, step name): [(source, {targets})]} as the state machines of the result, the transfer and the
    support hold them."""
    held = {}
    for subject, model in MACHINES.items():
        for transition in model._meta.get_field("status").get_all_transitions(model):
            target = transition.target
            targets = set(target.allowed_states) if hasattr(target, "allowed_states") else {target}
            held.setdefault((subject, transition.name), []).append((transition.source, targets))
    return held


def _compare(found, name, what, held, sources, targets):
    if {source for source, _ in held} != set(sources):
        found.append(f"step {name}: the state machine's sources differ from the registry's{what}")
    if any(got != set(targets) for _, got in held):
        found.append(f"step {name}: the state machine's targets differ from the registry's{what}")


def problems(steps, works, transitions, flow_nodes, form_fields, service_for):
    """Every disagreement between the registry and the parts built from it, in words."""
    found = []
    declared = {(step.subject, name) for name, step in steps.items()}
    declared |= {(RESULT, name) for name, step in steps.items() if step.advances}
    for _subject, name in sorted(set(transitions) - declared):
        found.append(f"transition {name} has no step")
    labels = {}
    for name, step in steps.items():
        if (step.subject, name) not in transitions:
            found.append(f"step {name} has no transition")
        else:
            _compare(found, name, "", transitions[(step.subject, name)], step.source, step.target)
        if step.advances:
            sources, target = step.advances
            if (RESULT, name) not in transitions:
                found.append(f"step {name} does not move the result on")
            else:
                _compare(found, name, " (the result's move)", transitions[(RESULT, name)], sources, (target,))
        if not str(step.label).strip():
            found.append(f"step {name} has no label")
        labels.setdefault(str(step.label), []).append(name)
        if str(action_text(step.action)) != str(step.label):
            found.append(f"step {name}: its audit events are not labelled with the step")
        if not any(name in work.steps for work in works.values()):
            found.append(f"step {name} is offered by no work (no queue would ever show it)")
        for field in step.fields:
            if field not in form_fields:
                found.append(f"step {name}: the task form has no field {field}")
        parameters = inspect.signature(service_for(name)).parameters
        keywords = {key for key, parameter in parameters.items() if parameter.kind == parameter.KEYWORD_ONLY}
        taken = {SERVICE_ARGUMENT.get(field, field) for field in step.fields}
        for key in sorted(taken - keywords):
            found.append(f"step {name}: its service takes no {key}")
        required = {key for key in keywords if parameters[key].default is parameters[key].empty}
        for key in sorted(required - taken - COMMON_ARGUMENTS):
            found.append(f"step {name}: its service requires {key}, which its form does not ask for")
    for label, names in labels.items():
        if len(names) > 1:
            found.append(f"steps {', '.join(names)} share the label {label}")
    for name, work in works.items():
        if not work.steps:
            found.append(f"work {name} offers no step")
        if name not in flow_nodes:
            found.append(f"work {name} has no task node in the flow")
    for name in sorted(set(flow_nodes) - set(works)):
        found.append(f"flow node {name} is no work")
    for subject, states in SUBJECT_STATES.items():
        ours = [step for step in steps.values() if step.subject == subject]
        reachable = {INITIAL[subject]} | {target for step in ours for target in step.target}
        reachable |= {step.advances[1] for step in steps.values() if step.advances and subject == RESULT}
        for state in states:
            if state not in reachable:
                found.append(f"state {state.value} cannot be reached")
            if state not in FINAL[subject]:
                if not any(state in step.source for step in ours):
                    found.append(f"state {state.value} is no final state but no step leaves it")
                if not any(work.subject == subject and state in work.states for work in works.values()):
                    found.append(f"state {state.value} waits for no work (its results would leave every queue)")
    return found


def _flow_nodes():
    nodes = {node.name for node in ResultFlow.instance.nodes()}
    return nodes - {"start", "start_track", "route", "end"}


def _as_built(**changes):
    parts = {
        "steps": STEPS,
        "works": WORKS,
        "transitions": _transitions(),
        "flow_nodes": _flow_nodes(),
        "form_fields": set(WorkForm.base_fields),
        "service_for": services.service_for,
    }
    parts.update(changes)
    return problems(**parts)


def test_the_registry_the_state_machine_the_flow_and_the_forms_agree():
    assert _as_built() == []


def test_every_transition_of_the_state_machine_is_a_step_and_back():
    assert {name for _subject, name in _transitions()} == set(STEPS)
    assert len(STEPS) == 30


def test_a_step_added_to_the_registry_alone_is_caught():
    """A step declared with a target nobody reaches, a field the form lacks and no work to offer it."""
    orphan = Step(
        "certify",
        "Chứng nhận",
        (Status.CLOSED,),
        (Status.CLOSED,),
        STEPS["close"].actors,
        fields=("certificate_no",),
    )
    found = _as_built(steps={**STEPS, "certify": orphan}, service_for=lambda name: services.service_for("close"))
    assert "step certify has no transition" in found
    assert "step certify is offered by no work (no queue would ever show it)" in found
    assert "step certify: the task form has no field certificate_no" in found
    assert "step certify: its service takes no certificate_no" in found


def test_a_transition_without_a_step_a_work_without_a_node_and_a_changed_source_are_caught():
    transitions = _transitions()
    transitions[(RESULT, "reopen")] = [(Status.CLOSED, {Status.APPLIED})]
    steps = {**STEPS, "accept": replace(STEPS["accept"], source=(Status.ACCEPTED,))}
    found = _as_built(steps=steps, transitions=transitions, flow_nodes=_flow_nodes() - {"decide_support"})
    assert "transition reopen has no step" in found
    assert "work decide_support has no task node in the flow" in found
    assert "step accept: the state machine's sources differ from the registry's" in found


def test_a_state_left_without_work_is_caught():
    works = {name: work for name, work in WORKS.items() if name != "complete_support"}
    found = _as_built(works=works, flow_nodes=set(works))
    assert "state returned waits for no work (its results would leave every queue)" in found
    assert "step resubmit_support is offered by no work (no queue would ever show it)" in found


def test_a_service_that_needs_what_the_form_does_not_ask_for_is_caught():
    def grant_support(result, *, actor, agency, decision_no, granted_amount, budget_line, comment=""):
        raise AssertionError("never called")

    found = _as_built(service_for=lambda name: grant_support if name == "grant_support" else services.service_for(name))
    assert found == ["step grant_support: its service requires budget_line, which its form does not ask for"]


def test_a_service_is_marked_only_for_a_step_of_the_registry():
    def certify(result, *, actor, agency, comment=""):
        raise AssertionError("never called")

    with pytest.raises(LookupError, match="certify is not a step"):
        services.step_service(certify)
    assert "certify" not in services.STEP_SERVICES


def test_each_step_service_is_named_after_its_step():
    for name in STEPS:
        assert services.service_for(name).__name__ == name


def test_a_work_offers_the_registry_steps_its_party_may_take_from_its_states_in_the_registry_order():
    assert WORKS["review_acceptance"].steps == ("accept", "reject", "return_acceptance")
    # The owner's standing work offers a new transfer or support besides what moves the result on; a host's work
    # does not offer a support, which it asks for from the result's page.
    assert WORKS["arrange_transfer"].steps == ("offer_transfer", "report_own_application", "request_support", "close")
    assert WORKS["follow_application"].steps == ("offer_transfer", "request_support", "close")
    assert WORKS["submit_registration"].steps == ("submit_registration",)
    assert WORKS["close_unheld"].steps == ("close",)
    assert WORKS["answer_transfer"].steps == ("confirm_transfer", "decline_transfer")


def test_the_demo_fills_what_each_steps_own_service_keeps():
    """A step whose service keeps data of its own (a decision, a transfer, a support) has a demo handler of the same
    name, so that the seeded history holds those records as the service would have written them. The histories take
    every step but the recorded lapse of an asset report, which the demo office takes through the service itself
    (demo.work.lapse_one_asset_report notes the lapse; the Sở's officers record it)."""
    from demo import paths
    from demo.results import ResultMaker

    planned = {name for scenario in paths.SCENARIOS for steps in paths.graph(scenario).values() for name, _ in steps}
    # Transfers and supports are woven in around the result's path (demo.tracks): their steps, and those opening them.
    woven = {name for name, step in STEPS.items() if step.subject != RESULT or step.opens}
    taken = planned | woven
    assert set(STEPS) - taken == {"record_asset_report_lapse", "return_ownership_submission"}
    missing = [name for name in services.STEP_SERVICES if name in taken and not hasattr(ResultMaker, f"_on_{name}")]
    assert missing == []
    assert set(services.STEP_SERVICES) - taken == {"record_asset_report_lapse"}
    assert len(services.STEP_SERVICES) == 19
