"""The phone's list of search results: each record's references as labelled links (crlm_app.tables)."""

from __future__ import annotations

from crlm_app.tables import record_list_text, reference_items

LINK = "sources?tab=References&ref={}"


def test_reference_items_link_validated_numbers_and_escape_labels() -> None:
    entries = ((93, "[93] Adams RB 2013"), (7, "[7]"), (12, "Study *bold* [x](javascript:alert(1))"))
    assert reference_items(entries, LINK) == [
        r"- *Reference* [\[93\]](sources?tab=References&ref=93): Adams RB 2013",
        r"- *Reference* [\[7\]](sources?tab=References&ref=7)",
        r"- *Reference* [\[12\]](sources?tab=References&ref=12): "
        r"Study \*bold\* \[x\]\(javascript\:alert\(1\)\)",
    ]


def test_reference_items_skip_anything_but_number_label_pairs() -> None:
    assert reference_items(None, LINK) == []
    assert reference_items("[93]", LINK) == []
    assert reference_items((("93", "label"), (True, "x"), (5,), (6, None)), LINK) == []


def test_record_list_puts_references_under_each_record() -> None:
    rows = [{"source": "[93]", "statement": "A claim.", "labels": ((93, "[93] Adams RB 2013"),)}]
    text = record_list_text(rows, ("source",), (("statement", "Statement"),), refs=("labels", LINK))
    assert text == (
        "**\\[93\\]**\n\n- *Statement*: A claim.\n"
        r"- *Reference* [\[93\]](sources?tab=References&ref=93): Adams RB 2013"
    )
    assert "Reference" not in record_list_text(rows, ("source",), (("statement", "Statement"),))


def test_record_list_links_each_row_to_its_own_view_quoted() -> None:
    rows: list[dict[str, object]] = [
        {"source": "[93]", "id": "flr-a&b c"},
        {"source": "[1]", "id": ""},
        {"source": "[2]", "id": 5},
    ]
    text = record_list_text(rows, ("source",), (), open_link=("id", "sources?record={}", "Open *it*"))
    assert text.count("Open") == 1  # only a row with a text key gets a link
    assert r"- [Open \*it\*](sources?record=flr-a%26b%20c)" in text
