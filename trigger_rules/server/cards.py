"""CDS Hooks 2.0 cards from a report's plain data (``Report.to_dict()``).

Cards are built from the report's dictionary, not its Python object, so they follow
whatever the report publishes. Order: red flags, referrals, then the red-flag questions
not yet answered, the suspected muscles, and the advice with its cautions; a red flag is
never behind anything else.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

__all__ = ["INDICATORS", "CardContext", "cards_for", "indicator_for"]

#: Triage level of a red flag or referral → card indicator (issue 13).
INDICATORS: Final = {
    "emergency": "critical",
    "same_day": "critical",
    "urgent_days": "warning",
    "routine": "info",
    "self_care": "info",
}
_WHEN: Final = {
    "emergency": "emergency care now",
    "same_day": "to be seen today",
    "urgent_days": "to be seen within days",
    "routine": "a routine appointment",
    "self_care": "self-care",
}
#: FHIR ServiceRequest.priority for a referral's triage level.
_PRIORITY: Final = {
    "emergency": "stat",
    "same_day": "asap",
    "urgent_days": "urgent",
    "routine": "routine",
    "self_care": "routine",
}
_KIND_HEADINGS: Final = {
    "self_treatment": "Self-treatment",
    "stretch": "Stretching",
    "strengthen": "Strengthening",
    "prevention": "Prevention",
}
SUMMARY_LIMIT: Final = 139
_NAMESPACE: Final = uuid.UUID("6f1c2b1e-61a4-4c9e-9a57-0a3e4b7d2c10")


@attrs.frozen
class CardContext:
    """What a card needs besides the report: who made it and for which hook call."""

    service_label: str
    service_url: str
    hook_instance: str
    patient_id: str = ""


def indicator_for(urgency: str) -> str:
    return INDICATORS[urgency]


def cards_for(report: Mapping[str, Any], context: CardContext) -> list[dict[str, Any]]:
    """The cards for one report, in a fixed order, each with a ``uuid`` for feedback."""
    sources = {s["id"]: s for s in report.get("sources", [])}
    cards: list[dict[str, Any]] = []
    for finding in report.get("red_flags", []):
        cards.append(_finding_card("red_flag", finding, sources, context))
    for finding in report.get("referrals", []):
        card = _finding_card("referral", finding, sources, context)
        card["suggestions"] = [_service_request(finding, context)]
        card["selectionBehavior"] = "at-most-one"
        cards.append(card)
    unscreened = list(report.get("unscreened", []))
    if unscreened:
        cards.append(_unscreened_card(report, unscreened, context))
    if report.get("suspects"):
        cards.append(_suspects_card(report, sources, context))
    if report.get("recommendations") or report.get("cautions") or report.get("withheld"):
        cards.append(_advice_card(report, sources, context))
    return cards


# --- one card per red flag or referral ----------------------------------------------------


def _finding_card(
    kind: str, finding: Mapping[str, Any], sources: Mapping[str, Any], context: CardContext
) -> dict[str, Any]:
    urgency = finding["urgency"]
    label = "Red flag" if kind == "red_flag" else "Referral"
    lines = [finding["text"], ""]
    lines.append(f"**Triage:** {_WHEN[urgency]} (`{urgency}`).")
    lines.extend(_why(finding))
    if finding.get("judgement"):
        lines += ["", f"*The library's judgement:* {finding['judgement']}"]
    lines += ["", *_cited(finding.get("sources", ()), sources)]
    return _card(
        key=f"{kind}/{finding['id']}",
        summary=f"{label}: {finding['title']} ({_WHEN[urgency]})",
        indicator=indicator_for(urgency),
        detail=lines,
        cited=finding.get("sources", ()),
        sources=sources,
        context=context,
    )


def _service_request(finding: Mapping[str, Any], context: CardContext) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "priority": _PRIORITY[finding["urgency"]],
        "code": {"text": finding["title"]},
        "reasonCode": [{"text": finding["text"]}],
        "note": [{"text": f"Proposed by {context.service_label} (rule finding {finding['id']})."}],
    }
    if context.patient_id:
        resource["subject"] = {"reference": f"Patient/{context.patient_id}"}
    return {
        "label": f"Create a referral: {finding['title']}",
        "uuid": _uuid(context, f"referral/{finding['id']}/service-request"),
        "isRecommended": True,
        "actions": [
            {
                "type": "create",
                "description": f"Create a {_PRIORITY[finding['urgency']]} referral request "
                f"({finding['title']}).",
                "resource": resource,
            }
        ],
    }


# --- questions not yet asked --------------------------------------------------------------


def _unscreened_card(
    report: Mapping[str, Any], unscreened: Sequence[str], context: CardContext
) -> dict[str, Any]:
    count = len(unscreened)
    lines = [
        "These red-flag questions were not answered. Unknown is not the same as no: "
        "an answer of yes could raise the triage level.",
        "",
        *(f"- `{code}`" for code in unscreened),
    ]
    return _card(
        key="unscreened",
        summary=f"{count} red-flag screening question{'s' if count != 1 else ''} unanswered: "
        "triage may be higher than shown",
        indicator="warning",
        detail=lines,
        cited=(),
        sources={},
        context=context,
    )


# --- the suspected muscles ----------------------------------------------------------------


def _suspects_card(
    report: Mapping[str, Any], sources: Mapping[str, Any], context: CardContext
) -> dict[str, Any]:
    suspects = report["suspects"]
    names = [s["name"] for s in suspects]
    lines: list[str] = []
    cited: list[str] = []
    for suspect in suspects:
        lines.append(
            f"### {suspect['rank']}. {suspect['name']} (certainty {suspect['certainty']:.2f})"
        )
        lines.append(suspect["statement"])
        lines.append("")
        for line in suspect.get("evidence", []):
            lines.append(f"- For: {line['text']} {_codes(line['facts'])}")
        for line in suspect.get("evidence_against", []):
            lines.append(f"- Against: {line['text']} {_codes(line['facts'])}")
        if suspect.get("expected_absent"):
            lines.append(f"- Denied signs of this pattern: {_codes(suspect['expected_absent'])}")
        lines.append("")
        cited.extend(suspect.get("sources", ()))
    for note in report.get("notes", []):
        lines += [f"**{note['title']}.** {note['text']}", ""]
    lines += [*_cited(_unique(cited), sources), "", f"*{report.get('notice', '')}*"]
    return _card(
        key="suspects",
        summary=_fit(
            "Trigger points may be contributing in: ", names, " (self-care decision support)"
        ),
        indicator="info",
        detail=lines,
        cited=_unique(cited),
        sources=sources,
        context=context,
    )


# --- advice and its cautions --------------------------------------------------------------


def _advice_card(
    report: Mapping[str, Any], sources: Mapping[str, Any], context: CardContext
) -> dict[str, Any]:
    advice = list(report.get("recommendations", []))
    cautions = list(report.get("cautions", []))
    withheld = list(report.get("withheld", []))
    lines: list[str] = []
    cited: list[str] = []
    if withheld:
        lines.append("**Held back:** " + _withheld_text(withheld))
        if report.get("withheld_reason"):
            lines.append(str(report["withheld_reason"]))
        lines.append("")
    for kind, heading in _KIND_HEADINGS.items():
        items = [a for a in advice if a["kind"] == kind]
        if items:
            lines.append(f"### {heading}")
            for item in items:
                lines.append(f"- **{item['title']}.** {item['text']}")
                cited.extend(item.get("sources", ()))
            lines.append("")
    if cautions:
        lines.append("### Cautions")
        for caution in cautions:
            lines.append(f"- **{caution['title']}.** {caution['text']}")
            cited.extend(caution.get("sources", ()))
        lines.append("")
    lines += [*_cited(_unique(cited), sources), "", f"*{report.get('notice', '')}*"]
    if advice:
        summary = f"Self-care advice: {len(advice)} item{'s' if len(advice) != 1 else ''}" + (
            f", {len(cautions)} caution{'s' if len(cautions) != 1 else ''}" if cautions else ""
        )
    elif withheld:
        summary = "Self-care advice held back until the person has been seen"
    else:
        summary = f"{len(cautions)} caution{'s' if len(cautions) != 1 else ''} for self-care"
    return _card(
        key="advice",
        summary=summary,
        indicator="warning" if cautions else "info",
        detail=lines,
        cited=_unique(cited),
        sources=sources,
        context=context,
    )


def _withheld_text(withheld: Sequence[Any]) -> str:
    """Withheld kinds, as plain strings or as structured entries, in words."""
    parts = []
    for entry in withheld:
        if isinstance(entry, Mapping):
            kinds = entry.get("kinds") or [entry.get("kind", "")]
            areas = entry.get("areas") or []
            because = entry.get("because") or ""
            reason = entry.get("reason") or ""
            text = ", ".join(str(k) for k in kinds if k)
            if areas:
                text += " over " + ", ".join(str(a) for a in areas)
            if because:
                text += f" (because of `{_plain(because)}`)"
            if reason:
                text += f": {_plain(reason)}"
            parts.append(text)
        else:
            parts.append(str(entry))
    return "; ".join(parts).rstrip(".") + "."


def _plain(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    return str(value)


# --- shared pieces ------------------------------------------------------------------------


def _card(
    *,
    key: str,
    summary: str,
    indicator: str,
    detail: Sequence[str],
    cited: Iterable[str],
    sources: Mapping[str, Any],
    context: CardContext,
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "uuid": _uuid(context, key),
        "summary": _shorten(summary),
        "indicator": indicator,
        "detail": "\n".join(detail).strip(),
        "source": _source(cited, sources, context),
    }
    links = _links(cited, sources)
    if links:
        card["links"] = links
    return card


def _source(
    cited: Iterable[str], sources: Mapping[str, Any], context: CardContext
) -> dict[str, str]:
    # The spec's source is "the primary source of guidance": the first cited source that
    # can be opened, else the service's own page.
    for source_id in cited:
        source = sources.get(source_id)
        if source and _is_web(source.get("address", "")):
            return {"label": _shorten(source["title"]), "url": source["address"]}
    return {"label": context.service_label, "url": f"{context.service_url}/about"}


def _links(cited: Iterable[str], sources: Mapping[str, Any]) -> list[dict[str, str]]:
    links = []
    for source_id in _unique(cited):
        source = sources.get(source_id)
        if source and _is_web(source.get("address", "")):
            links.append({"label": source["title"], "url": source["address"], "type": "absolute"})
    return links


def _cited(cited: Iterable[str], sources: Mapping[str, Any]) -> list[str]:
    lines = []
    for source_id in cited:
        source = sources.get(source_id)
        if source is None:
            lines.append(f"- `{source_id}`")
            continue
        where = f" <{source['address']}>" if _is_web(source.get("address", "")) else ""
        lines.append(f"- {source['title']}, {source['publisher']}{where} (`{source_id}`)")
    return ["**Sources:**", *lines] if lines else []


def _why(item: Mapping[str, Any]) -> list[str]:
    lines = []
    if item.get("facts"):
        lines.append(f"**Because:** {_codes(item['facts'])}")
    if item.get("rules"):
        lines.append(f"**Rule:** {_codes(item['rules'])}")
    return lines


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(f"`{c}`" for c in codes)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _is_web(address: str) -> bool:
    return address.startswith(("https://", "http://"))


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _fit(head: str, names: Sequence[str], tail: str) -> str:
    """*head* + as many *names* as fit + *tail*, within the summary limit."""
    for count in range(len(names), 0, -1):
        more = len(names) - count
        listed = ", ".join(names[:count]) + (f" and {more} more" if more else "")
        text = head + listed + tail
        if len(text) <= SUMMARY_LIMIT:
            return text
    return _shorten(head + ", ".join(names))


def _uuid(context: CardContext, key: str) -> str:
    # Unique per hook call and card, and the same for the same call: feedback can name it.
    return str(uuid.uuid5(_NAMESPACE, f"{context.hook_instance}/{key}"))
