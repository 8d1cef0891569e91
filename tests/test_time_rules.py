"""The time grammar's rules (khabar/data/time_rules.toml): every rule's examples are read
by that rule, with the value they state; a rule the engine cannot compile fails at load,
naming the rule."""

import pytest

from khabar.time import explain
from khabar.time.rules import RuleError, grammar, load

RULES = grammar().rules
EXAMPLES = [(rule.name, ex) for rule in RULES for ex in rule.examples]


def test_time_rules_every_rule_has_an_example():
    assert RULES and all(rule.examples for rule in RULES)
    assert len({name for name, _ in EXAMPLES}) == len(RULES)


@pytest.mark.parametrize("name, example", EXAMPLES, ids=[f"{n}:{e.expression}" for n, e in EXAMPLES])
def test_time_rules_example(name, example):
    found = {example.sentence[t.start : t.end]: (t, rules) for t, rules in explain(example.sentence, example.published)}
    assert example.expression in found, f"{example.expression!r} not found; found {sorted(found)}"
    t, rules = found[example.expression]
    assert (t.type, t.value) == (example.type, example.value)
    assert name in rules, f"read by {rules}, not by {name}"


def _one_rule(pattern: str, **extra: str) -> str:
    fields = "".join(f"{k} = {v}\n" for k, v in extra.items())
    return (
        'order = ["g"]\n[[rule]]\nname = "r"\ngroup = "g"\n'
        f'pattern = "{pattern}"\n{fields}'
        'examples = ["2024-04-09 | وصل أمس. | أمس | DATE 2024-04-08"]\n'
    )


@pytest.mark.parametrize(
    "text, message",
    [
        (_one_rule("DAYREFF"), "no lexicon category 'dayreff'"),
        (_one_rule("d:dayy"), "no part 'dayy'"),
        (_one_rule("@nogroup"), "no rule group 'nogroup'"),
        (_one_rule("d:DAYREF", **{"if": '["d > unknown_check"]'}), "unknown name 'unknown_check'"),
        (_one_rule("d:DAYREF", make='{ shift_of = "=d" }'), "unknown Reading field"),
        (_one_rule("d:DAYREF", make='{ shift = "=__import__(1)" }'), "only len"),
        (_one_rule("DAYREF?"), "can match nothing"),
        (_one_rule("DAYREF (WEEKDAY"), "unclosed"),
        ('order = ["g"]\n[[rule]]\nname = "r"\ngroup = "g"\npattern = "DAYREF"\n', "needs at least one example"),
    ],
)
def test_time_rules_bad_rule_fails_at_load(text, message):
    with pytest.raises(RuleError, match="time rule") as err:
        load(text)
    assert message in str(err.value)


def test_time_rules_one_rule_grammar_reads_its_example():
    g = load(_one_rule("d:DAYREF", make='{ shift_unit = "D", shift = "=d" }'))
    assert [r.name for r in g.rules] == ["r"] and g.start_categories == {"dayref"}
