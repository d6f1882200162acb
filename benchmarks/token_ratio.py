"""How many tokens the openai backend sends per transcript token, and what a one-hour call costs.

    python benchmarks/token_ratio.py [--words 9000] [--budget N] [--overlap N] [--model NAME]

A synthetic one-hour sales call (about 9,000 words, four speakers, timed
turns of very different lengths) is parsed and chunked with the default
settings, and every request the backend would send is rendered exactly as
sent: system prompt, delimited excerpt and the strict JSON schema. The ratio

    (tokens sent, prompt and overlap included) / (tokens in the transcript file)

is the cost floor the issue asks to keep at or below 1.25. Token counts use
the offline tokenizer (cl100k_base when the model's own encoding cannot be
loaded; the figure says which). Output tokens are estimated, as they depend
on the model: ~55 tokens per finding plus ~10 per request.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer import parsing, pipeline
from analyzer.chunking import ChunkSettings
from analyzer.extract.llm_client import STRICT, request_params
from analyzer.extract.llm_options import LLMOptions
from analyzer.extract.llm_prices import load_prices
from analyzer.extract.llm_prompt import chat_messages, load_prompt, render_excerpt
from analyzer.tokens import DEFAULT_MODEL, get_tokenizer

TOKENS_PER_FINDING = 55
TOKENS_PER_ANSWER = 10
MESSAGE_OVERHEAD = 4  # the chat format's tokens around each message

SELLERS = ("Dana", "Sam")
CUSTOMERS = ("Lee", "Mia")
SMALL_TALK = (
    "Yeah, that makes sense.", "Okay.", "Right, right.", "Got it, thanks.", "Sure, go ahead.",
    "Can you say that again? You broke up a little.", "Mm-hmm.", "Let me just check my notes for a second.",
)
CUSTOMER_LINES = (
    "Our IT team will want everyone to log in with Okta, and accounts should be created when people join the group.",
    "We have about twelve years of job history in the old system, mostly CSV exports, and some of it is messy.",
    "Supervisors need to see every job in their depot, but dispatchers should only see their own region.",
    "We get disputes about who changed a job after it was assigned, so we need to know who changed what and when.",
    "Finance will ask whether invoices can be split by cost centre, because that's how our accounting works.",
    "Our security team will send their questionnaire, and they'll ask about SOC 2 and where the data is stored.",
    "The drivers are often out of signal, so the app would have to work offline on their phones.",
    "We would need a sync with our ERP, ideally both ways, so the dispatchers don't type things twice.",
    "Can the dashboard show on-time rates per depot, and can it be emailed to the regional managers every Monday?",
    "We'd need a couple of custom fields on the job form for the hazard codes our insurer asks for.",
)
SELLER_LINES = (
    "Yes, we support that out of the box, it's really just a configuration on our side.",
    "We can have that ready for the pilot by next Friday, I'll confirm with the team.",
    "I'll send you the SOC 2 report and the filled-in questionnaire this week.",
    "Good question. Let me take that back to our product team and come back to you by Thursday.",
    "Most of our customers set that up in the first week, and our onboarding team walks you through it.",
    "The way it works today is that an admin defines the roles, and each role gets a set of screens and actions.",
    "We have an open API and webhooks, and there's a standard connector for the two big ERPs.",
    "Pricing is per seat per month, and the pilot itself is free for ninety days.",
)


def synthetic_call(words: int, seed: int = 7, *, times: bool = True) -> tuple[str, int]:
    """A plain-text transcript of about ``words`` words, and how many lines carry an ask or promise.

    With ``times`` each turn starts with ``[hh:mm:ss]`` as meeting tools write it; without,
    the file is just ``Name: text`` lines (fewer transcript tokens, so a stricter ratio).
    """
    rng = random.Random(seed)
    lines = ["Pilot review call: Northwind Logistics", "Date: 2026-11-16", ""]
    count = findings = 0
    seconds = 0
    while count < words:
        seller = rng.random() < 0.55
        speaker = rng.choice(SELLERS if seller else CUSTOMERS)
        roll = rng.random()
        if roll < 0.3:
            text = rng.choice(SMALL_TALK)
        else:
            pool = SELLER_LINES if seller else CUSTOMER_LINES
            text = " ".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3, 5))))
            findings += 1
        stamp = f"[{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}] " if times else ""
        lines.append(f"{stamp}{speaker}: {text}")
        count += len(text.split())
        seconds += max(3, int(len(text.split()) / 2.6))  # about 155 spoken words a minute
    return "\n".join(lines) + "\n", findings


def measure(words: int, chunks: ChunkSettings, model: str, *, times: bool = True) -> dict:
    """Tokens sent, transcript tokens and the cost of one synthetic call."""
    text, findings = synthetic_call(words, times=times)
    transcript = parsing.parse_bytes(text.encode(), source="synthetic-one-hour.txt")
    settings = pipeline.Settings(backend="openai", sellers=SELLERS, model=model, chunks=chunks)
    transcript, planned = pipeline.prepare_transcript(transcript, settings)
    tokenizer = get_tokenizer(model)
    options = LLMOptions(model=model)
    prompt = load_prompt()
    sent = 0
    for chunk in planned:
        excerpt = render_excerpt(transcript.turns, chunk)
        messages = chat_messages(prompt, excerpt, chunk.first_turn, chunk.last_turn)
        params = request_params(options, messages, STRICT)
        sent += sum(tokenizer.count(m["content"]) + MESSAGE_OVERHEAD for m in messages)
        sent += tokenizer.count(json.dumps(_strict_format(params["response_format"])))
    transcript_tokens = tokenizer.count(text)
    tokens_out = findings * TOKENS_PER_FINDING + len(planned) * TOKENS_PER_ANSWER
    cost = load_prices().cost(model, tokens_in=sent, tokens_out=tokens_out)
    return {"words": sum(len(t.text.split()) for t in transcript.turns), "turns": len(transcript.turns),
            "minutes": round(words / 155), "chunks": len(planned),
            "transcript_tokens": transcript_tokens, "tokens_sent": sent, "ratio": sent / transcript_tokens,
            "tokens_out_estimate": tokens_out, "cost_usd": cost, "batch_cost_usd": cost and cost / 2,
            "tokenizer": tokenizer.name}


def _strict_format(response_format: type) -> dict:
    """The ``response_format`` the SDK sends for a pydantic model (the schema is paid for too)."""
    from openai.lib._parsing import type_to_response_format_param

    return type_to_response_format_param(response_format)


def main() -> None:
    """Print the ratio and the cost for the options given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=9000)
    parser.add_argument("--budget", type=int, default=ChunkSettings().budget)
    parser.add_argument("--overlap", type=int, default=ChunkSettings().overlap)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--no-times", action="store_true", help="turns without [hh:mm:ss] stamps")
    args = parser.parse_args()
    r = measure(args.words, ChunkSettings(args.budget, args.overlap), args.model, times=not args.no_times)
    print(f"synthetic call: {r['words']} words, {r['turns']} turns, ~{r['minutes']} minutes; "
          f"chunk budget {args.budget}, overlap {args.overlap} -> {r['chunks']} requests")
    print(f"tokens counted with {r['tokenizer']}")
    print(f"transcript tokens {r['transcript_tokens']}, tokens sent {r['tokens_sent']} "
          f"(prompt, schema and overlap included)")
    print(f"token ratio: {r['ratio']:.3f}  (target <= 1.25)")
    if r["cost_usd"] is None:
        print(f"cost: {args.model} is not in the price table")
    else:
        print(f"cost per one-hour call at {args.model} list price: ${r['cost_usd']:.4f} "
              f"(output estimated at {r['tokens_out_estimate']} tokens); Batch API: ${r['batch_cost_usd']:.4f}")


if __name__ == "__main__":
    main()
