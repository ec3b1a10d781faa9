"""Check-ins go through checkin.schema.json: unknown fields are refused (never stored), the PSFS limit is set
once, and what is stored is what was said."""

from __future__ import annotations

import pytest

from backcoach.errors import InvalidInput
from backcoach.services.outcomes import psfs_limit, score_checkin


@pytest.mark.parametrize(("checkin", "field"), [
    ({"pain_now": 3, "notes": "x" * 10_000}, "notes"),
    ({"pain_now": 3, "psfs": {f"activity {n}": 5 for n in range(6)}}, "psfs"),
    ({"pain_now": 3, "psfs": {"a" * 81: 5}}, "psfs." + "a" * 81),
    ({"pain_now": 3, "psfs": {}}, "psfs"),
    ({"pain_now": 3, "odi_answers": [1] * 11}, "odi_answers"),
    ({"pain_now": 3, "red_flags": {"made_up": True}}, "red_flags.made_up"),
    ({"pain_now": True}, "pain_now"),
    ({"pain_now": 3, "leg_symptom_kinds": ["pain", "pain"]}, "leg_symptom_kinds[1]"),
    ([3], "check-in"),
])
def test_bad_check_ins_name_the_field(checkin: object, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        score_checkin(checkin)
    assert raised.value.field == field


def test_a_check_in_is_scored_and_kept_as_said() -> None:
    record = score_checkin({"pain_now": 4, "psfs": {"walking": 6, "sitting": 4}, "odi_answers": [2] * 10,
                            "red_flags": {"saddle_numbness": False, "fever_or_chills": True}})
    assert record["psfs_mean"] == 5.0 and record["odi_percent"] == 40.0
    assert record["red_flags"] == {"fever_or_chills": True}, "only the warning signs present are kept"
    assert psfs_limit() == 5
