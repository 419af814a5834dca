"""Kind and topic of an item, from its question and the headings above it (headings are strong evidence)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from interview_coach.parse.model import ParsedItem

_HR = re.compile(
    r"\b(salary|compensation|pay range|start date|notice period|relocat\w*|visa|work (eligibility|status|"
    r"authori[sz]ation)|why (this|our) (role|company|team)|why do you want|why .* at \w+\?$|benefits)\b",
    re.IGNORECASE,
)
_BEHAVIORAL_Q = re.compile(
    r"^(tell (me|us) about a time|describe a (time|situation)|give (me |us )?an example|talk about a time|"
    r"have you ever|how do you (handle|deal with|manage) (conflict|tight|pressure|stress|feedback|disagree|failure|"
    r"ambiguity|competing)|how do you (prioriti[sz]e|stay)|what would you do if|why are you|"
    r"describe a (challenging|difficult|complex|hard)|"
    r"star\b|tell me about (a|an|the) |"
    r"explain a design decision|what is your (greatest|biggest))",
    re.IGNORECASE,
)
_SYSTEM_DESIGN_Q = re.compile(
    r"^(design\b|how would you (design|architect|build|scale)\b|how would you deploy|architect\b)|"
    r"\b(scale (this|it) (for|to)|millions of|at scale for)\b",
    re.IGNORECASE,
)
_CODING_Q = re.compile(
    r"^(implement|write (a|the|some) (function|program|code|class|query|script)|code (up|a)|"
    r"write code)\b|\b(in python|leetcode|time complexity of your)\b",
    re.IGNORECASE,
)
_PROJECT_Q = re.compile(
    r"\b(this project|your project|the project|a project (where|you|that)|you built|did you|"
    r"have you built|this system|you['’]ve (used|built)|"
    r"walk me through (the|your) (architecture|project|pipeline|model deployment)|proud of|your (recent|own)|"
    r"in your (use case|pipeline|system)|this model|this pipeline|this compare|did you build|"
    r"the model deployment process|elevator pitch)\b",
    re.IGNORECASE,
)
_HEADING_KIND = [
    (re.compile(r"\b(behaviou?ral|star\b|soft skills|leadership|story|stories|culture fit)", re.I), "behavioral"),
    (re.compile(r"\bsystem design\b|\bdesign prompts?\b", re.I), "system_design"),
    (re.compile(r"\b(coding|leetcode|implementation|algorithms)\b", re.I), "coding"),
    (re.compile(r"\b(hr|recruiter|salary|logistics)\b", re.I), "hr"),
    (re.compile(r"\b(project \d|project:|projects?\b|portfolio|talking points|elevator)", re.I), "project"),
]

_TOPICS: list[tuple[str, tuple[str, ...]]] = [
    (
        "behavioral",
        (
            "tell me about a time",
            "situation",
            "stakeholder",
            "conflict",
            "teammate",
            "deadline",
            "failed",
            "proud",
            "challenge you",
            "learn a new",
            "cross-functional",
            "behavio",
        ),
    ),
    (
        "rag",
        (
            "rag",
            "retrieval",
            "retriever",
            "vector",
            "embedding",
            "rerank",
            "chunk",
            "faiss",
            "chroma",
            "pinecone",
            "semantic search",
            "bm25",
            "hybrid search",
            "grounding",
            "langchain",
            "llamaindex",
        ),
    ),
    (
        "nlp-llm",
        (
            "llm",
            "transformer",
            "attention",
            "bert",
            "gpt",
            "token",
            "fine-tun",
            "lora",
            "peft",
            "rlhf",
            "prompt",
            "hallucinat",
            "language model",
            "nlp",
            "instruction tuning",
            "quantiz",
            "kv cach",
            "flashattention",
            "vllm",
            "distillation",
            "positional encoding",
            "decoder",
        ),
    ),
    (
        "mlops-deployment",
        (
            "deploy",
            "production",
            "monitor",
            "drift",
            "serving",
            "mlops",
            "pipeline",
            "docker",
            "kubernetes",
            "ci/cd",
            "latency",
            "a/b test",
            "rollback",
            "registry",
            "mlflow",
            "reproducib",
            "canary",
            "inference",
            "scalab",
            "alerting",
            "observab",
        ),
    ),
    (
        "deep-learning",
        (
            "neural",
            "backprop",
            "gradient descent",
            "batch normalization",
            "batch norm",
            "dropout",
            "cnn",
            "convolution",
            "rnn",
            "lstm",
            "optimizer",
            "adam",
            "deep learning",
            "activation",
            "vanishing",
            "residual connection",
            "layer normalization",
            "policy gradient",
            "reinforcement",
        ),
    ),
    (
        "statistics",
        (
            "p-value",
            "hypothesis test",
            "confidence interval",
            "distribution",
            "variance",
            "statistic",
            "bayes",
            "probability",
            "sampling",
            "a/b",
            "residual plot",
            "multicollinear",
            "correlation",
            "significance",
        ),
    ),
    (
        "system-design",
        (
            "design a",
            "design an",
            "scalable",
            "millions of",
            "architecture for",
            "system design",
            "recommendation system",
            "forecast demand",
        ),
    ),
    (
        "projects",
        (
            "this project",
            "your project",
            "you built",
            "elevator pitch",
            "walk me through the",
            "did you",
            "portfolio",
            "demo",
        ),
    ),
    (
        "ml-fundamentals",
        (
            "regression",
            "classification",
            "overfitting",
            "bias",
            "regulari",
            "feature",
            "cross-validation",
            "decision tree",
            "random forest",
            "boosting",
            "xgboost",
            "svm",
            "k-nn",
            "knn",
            "metric",
            "precision",
            "recall",
            "imbalanced",
            "outlier",
            "leakage",
            "hyperparameter",
            "missing data",
            "categorical",
            "ensemble",
            "loss function",
        ),
    ),
]
_KIND_TOPIC = {
    "behavioral": "behavioral",
    "hr": "hr",
    "ask_interviewer": "ask-interviewer",
    "system_design": "system-design",
    "coding": "coding",
}


_ABOUT_PROJECT = re.compile(r"\b(project|pipeline you built)\b", re.I)
_ADDRESSES_YOU = re.compile(r"\b(you|your|this)\b", re.I)


_QUESTION_MAX = 400  # the kind is read from the question's opening; a pasted wall of text is not longer evidence


def classify(item: ParsedItem) -> None:
    """Set item.kind and item.topic in place."""
    if item.kind != "ask_interviewer":
        item.kind = kind_of(
            item.question[:_QUESTION_MAX], item.heading_path + [item.section_hint], item.star is not None
        )
    item.topic = topic_of(item)


def kind_of(question: str, headings: list[str], has_star: bool) -> str:
    if _HR.search(question):
        return "hr"
    if _CODING_Q.search(question):
        return "coding"
    about_project = _ABOUT_PROJECT.search(question)
    if _BEHAVIORAL_Q.search(question) and not about_project:
        return "behavioral"
    heading_kind = _kind_from_headings(tuple(headings))
    if heading_kind == "system_design" or (heading_kind == "behavioral" and not about_project):
        return heading_kind
    if _SYSTEM_DESIGN_Q.search(question):
        return "system_design"
    if _PROJECT_Q.search(question):
        return "project"
    if heading_kind == "project" and not _ADDRESSES_YOU.search(question):
        return "technical"
    if heading_kind:
        return heading_kind
    return "behavioral" if has_star else "technical"


@lru_cache(maxsize=4096)  # items under the same headings share the answer
def _kind_from_headings(headings: tuple[str, ...]) -> str | None:
    for heading in reversed(headings):
        for pattern, kind in _HEADING_KIND:
            if pattern.search(heading):
                return kind
    return None


def topic_of(item: ParsedItem) -> str:
    if item.kind in _KIND_TOPIC:
        return _KIND_TOPIC[item.kind]
    scores: dict[str, float] = dict.fromkeys((topic for topic, _ in _TOPICS), 0.0)
    for weight, text in (
        (3.0, item.question[:_QUESTION_MAX].lower()),
        (1.5, " ".join(h[:_QUESTION_MAX] for h in item.heading_path[-2:]).lower()),
        (0.5, item.answer[:400].lower()),
    ):
        for topic, hits in _topic_hits(text).items():
            if topic == "behavioral" and weight < 3.0 and item.kind != "behavioral":
                continue  # "the behaviour of similar users" in a technical answer is not a behavioural topic
            scores[topic] = scores.get(topic, 0.0) + weight * hits
    best, best_score = "ml-fundamentals", 0.0
    for topic, _ in _TOPICS:  # ties go to the topic listed first
        if scores[topic] > best_score:
            best, best_score = topic, scores[topic]
    if item.kind == "project" and best not in ("rag", "nlp-llm", "mlops-deployment"):
        return "projects"
    return best


@lru_cache(maxsize=1)
def _topic_words() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...], dict[str, list[str]]]:
    """The topic words as one alternation (longest first, so the longest word at a place wins), twice: the plain
    form, and a faster form for text without a word that ends in a non-letter ("bm25"); and the topics each word
    counts for."""
    topics_of: dict[str, list[str]] = {}
    for topic, words in _TOPICS:
        for word in words:
            topics_of.setdefault(word, []).append(topic)
    ordered = sorted(topics_of, key=len, reverse=True)
    plain = re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, ordered)) + ")")
    # The fast form consumes the character before the word instead of looking behind, and tries only the words
    # that start with the next character: several times fewer steps per character. It finds the same words as
    # long as every match ends in a letter (then no word can start right where one ended, in either form).
    by_first: dict[str, list[str]] = {}
    for word in ordered:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = (re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")" for first, rests in by_first.items())
    fast = re.compile("[^a-z](" + "|".join(branches) + ")")
    unsafe = tuple(word for word in ordered if not ("a" <= word[-1] <= "z"))
    return plain, fast, unsafe, topics_of


@lru_cache(maxsize=4096)  # headings repeat for every item under them
def _topic_hits(text: str) -> dict[str, int]:
    """How many distinct words of each topic occur in the text: one regex pass for all topics."""
    plain, fast, unsafe, topics_of = _topic_words()
    found = plain.findall(text) if any(word in text for word in unsafe) else fast.findall(" " + text)
    hits: Counter[str] = Counter()
    for word in set(found):
        for topic in topics_of.get(word, ()):
            hits[topic] += 1
    return dict(hits)
