"""consult_many's wire: a worker sends each shared report part once per connection."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trigger_rules import Report
from trigger_rules._wire import PartReceiver, PartSender, _part
from trigger_rules.engine import default_consultant

from .strategies import cases


def _reports(count: int) -> list[Report]:
    consultant = default_consultant()
    # Cases that share suspects and advice, so later reports reuse earlier parts.
    answers = [
        {"cough_sneeze_pain": True, "age": 30 + index % 7, "pain_worse_standing": index % 2 == 0}
        for index in range(count)
    ]
    return [consultant.consult(case) for case in answers]


@settings(max_examples=50)
@given(st.lists(cases(), min_size=1, max_size=6))
def test_what_arrives_equals_what_was_sent(batch: list) -> None:  # type: ignore[type-arg]
    consultant = default_consultant()
    reports = [consultant.consult(case) for case in batch]
    sender, receiver = PartSender(), PartReceiver()
    for message in (reports[: len(reports) // 2], reports[len(reports) // 2 :]):
        arrived = receiver.loads(sender.dumps(("done", message)))
        assert arrived == ("done", message)
        assert [r.to_json() for r in arrived[1]] == [r.to_json() for r in message]


def test_a_part_already_sent_travels_as_a_number_and_arrives_as_the_same_object() -> None:
    reports = _reports(8)
    sender, receiver = PartSender(), PartReceiver()
    first = receiver.loads(sender.dumps(reports[:4]))
    again = sender.dumps(reports[4:])
    assert len(again) < len(pickle.dumps(reports[4:], protocol=pickle.HIGHEST_PROTOCOL)) / 2
    later = receiver.loads(again)
    assert later == reports[4:]
    # The same recommendation object, not an equal copy: it was unpickled only once.
    assert later[0].recommendations[0] is first[0].recommendations[0]


def _numbered_in(message: object) -> int:
    sender = PartSender()
    sender.dumps(message)
    return len(sender._numbers)


@pytest.mark.parametrize("limit", [1, 5, 16])
def test_both_ends_forget_at_the_limit_and_stay_in_step(limit: int) -> None:
    reports = _reports(40)
    sender, receiver = PartSender(limit=limit), PartReceiver()
    for report in reports * 3:
        assert receiver.loads(sender.dumps(report)) == report
        # The receiver holds exactly the parts the sender has numbered since it forgot.
        assert len(receiver._parts) == len(sender._numbers)
        assert len(sender._numbers) < limit + _numbered_in(report)


def test_a_number_read_without_a_receiver_says_so() -> None:
    with pytest.raises(RuntimeError, match="only be read by a PartReceiver"):
        _part(3)
    body = PartSender().dumps(_reports(1))
    *_, inner = pickle.loads(body)
    with pytest.raises(RuntimeError, match="part 0 of a consult_many message"):
        pickle.loads(inner)


def test_a_plain_import_does_not_load_pickle() -> None:
    code = "import sys, trigger_rules; print('pickle' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_message_read_out_of_order_is_refused_not_misread() -> None:
    reports = _reports(6)
    sender, receiver = PartSender(), PartReceiver()
    first, second = sender.dumps(reports[:3]), sender.dumps(reports[3:])
    with pytest.raises(RuntimeError, match="out of order: its new parts start at number"):
        receiver.loads(second)
    assert receiver.loads(memoryview(first)) == reports[:3]
    assert receiver.loads(memoryview(second)) == reports[3:]
