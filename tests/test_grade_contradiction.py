"""Contradiction reads the sentence: a clash needs the same anchor on both sides, and names both sides."""

from __future__ import annotations

import pytest

from interview_coach.grade.contradiction import clashes

AGREE = [
    (
        "Use cross-validation to detect overfitting or underfitting",
        "I use cross-validation to detect over- or underfitting",
    ),
    ("Add dropout to reduce overfitting", "Add dropout so the net doesn't overfit"),
    ("More model complexity → bias goes down, variance goes up", "As you add capacity, bias drops and variance rises"),
    (
        "a large train–validation gap = variance",
        "a big gap between training and validation means variance, and if both are high it is bias",
    ),
    (
        "L1 (Lasso): drives many weights to exactly 0 → sparse model",
        "L1, the absolute-value penalty, isn't one that keeps all the weights — it zeroes many, so it is sparse",
    ),
    (
        "L2 (Ridge): shrinks all weights smoothly, rarely to 0",
        "it shrinks everything towards zero gradually but it doesn't usually make anything exactly zero",
    ),
    ("detectable without labels", "The nice thing is you don't need labels to catch it"),
    ("Divide by √d_k", "Those scores get divided by the square root of the key dimension"),
    (
        "v ← μ·v − lr·∇L(w)",
        "the velocity decays by the momentum and then the learning rate times the gradient is subtracted from it",
    ),
    (
        "**Randomisation unit** = user (not request)",
        "I'd randomise by user rather than by request, hashing the user ID",
    ),
    ("Recall: TP / (TP + FN).", "Recall is true positives over true positives plus false negatives"),
    (
        "Raising the decision threshold usually raises precision and lowers recall.",
        "Generally, raising the threshold doesn't increase recall — it tends to lift precision and cost recall.",
    ),
    # "A, not B" where the notes say A on its own: the answer picks the notes' side
    (
        "Gap between train and validation loss = variance; both losses high = bias",
        "the gap points to variance, not bias",
    ),
    ("Don't peek and stop the test early", "I wouldn't stop the test early"),  # the negation covers "stop" too
    ("the retriever misses the relevant passage → wrong answer", "the risk is the retriever missing the passage"),
    ("Adam: step ≈ lr·m/(√v + ε)", "each step is the learning rate times m divided by the root of v"),  # "/" = over
    ("Track recall at k (not accuracy)", "I'd track recall at k; accuracy is misleading here"),
    ("Use PR-AUC or F1 instead.", "I'd rather use PR-AUC or F1."),  # "rather" prefers; "rather than" contrasts
    (  # opposite cases, opposite effects
        "Lowering it catches more positives: recall goes up, precision tends to drop.",
        "If you push the classification threshold up, precision rises and recall generally falls.",
    ),
    (  # the negated case is the notes' other case
        "For fraud or cancer screening, favour recall; for spam filtering, favour precision.",
        "For cancer or fraud screening I wouldn't favour precision; I'd favour recall.",
    ),
    (  # "frozen" is "freeze" said in other words, not the opposite of "train"
        "With little data, freeze the pretrained backbone and train only a new head.",
        "If you don't have much data, you keep the pretrained backbone frozen and only train a fresh head on top.",
    ),
    # "no longer" negates what follows it, so saying it is not so any more agrees
    ("After the migration the model is no longer served from the monolith", "it isn't served from the monolith now"),
    # what a prohibition says goes wrong is not asserted ("don't X — that Ys"): avoiding Y agrees
    (
        "Never tune on the test set — that leaks information into model selection",
        "so no information leaks into model selection",
    ),
    # a thing put off or left out is not asserted: "no custom alerts" agrees with "custom alerts deferred"
    ("Cut scope to the core metrics; custom alerts deferred", "we kept the core metrics and shipped no custom alerts"),
    # "no longer in X" said against a verb that means it ("has left X"): only "still in X" is the opposite
    (
        "Evict a cached embedding once its key has left the window",
        "evict the embedding when its key is no longer in the window",
    ),
]
CLASH = [
    ("Never resample the validation or test set.", "The validation and test sets should always be resampled too."),
    ("Usually placed after the linear/conv layer and before the non-linearity", "always after the ReLU, never before"),
    ("freeze the pretrained weight W and learn a low-rank update", "LoRA updates the full weight matrix W directly"),
    ("More model complexity → bias goes down, variance goes up", "As you add capacity, bias rises and variance drops"),
    ("a large train–validation gap = variance", "a big gap between training and validation means bias"),
    (
        "drives many weights to exactly 0 → sparse model",
        "keeps all the weights non-zero, so you end up with a dense model",
    ),
    ("L1 (Lasso): does feature selection", "it doesn't really select features"),
    ("detectable without labels", "The catch is you need labels to catch it"),
    ("Divide by √d_k", "Those scores get multiplied by the square root of the key dimension"),
    (
        "v ← μ·v − lr·∇L(w)",
        "the velocity decays by the momentum and then the learning rate times the gradient is added to it",
    ),
    ("**Randomisation unit** = user (not request)", "I'd randomise by request rather than by user"),
    (
        "deque of indices whose values are decreasing",
        "the corresponding values are in increasing order from front to back",
    ),
    ("Recall: TP / (TP + FN).", "Recall is true positives over true positives plus false positives"),
    ("From raw scores: clip p to [ε, 1−ε] before the log", "there's no need to clip p before the log"),
    ("SGD: one global learning rate", "SGD keeps a separate learning rate for every weight"),
    ("Track recall at k (not accuracy)", "accuracy is the main number I'd track"),
    ("Batch norm goes after the linear layer and before the activation", "it goes after the activation, never before"),
    ("Don't shuffle a time series — that leaks the future into training", "shuffle the time series first"),
    (  # "no longer X" negates X (the path), not a length
        "After the migration the model is no longer served from the monolith",
        "the model is still served from the monolith",
    ),
]


@pytest.mark.parametrize(("point", "span"), AGREE)
def test_correct_paraphrases_do_not_clash(point: str, span: str) -> None:
    assert clashes(point, span) == []


@pytest.mark.parametrize(("point", "span"), CLASH)
def test_reversed_claims_clash_and_name_both_sides(point: str, span: str) -> None:
    found = clashes(point, span)
    assert found, span
    message = found[0].message()
    assert message == f"you said: “{found[0].said}”; your notes say: “{found[0].notes}”"
    # both sides are whole clauses as written, not stems or a few words around the clash
    assert found[0].said in span and found[0].notes.replace("**", "") in point.replace("**", "")
    assert len(found[0].said.split()) >= 3 or found[0].said == span.strip(" .")


# One group per mechanism, in our own sentences: the reversal is caught, the correct phrasing (often negated or
# in other words) is not.
MECHANISMS = {
    "negation in the scope of the same predicate": (
        [
            (
                "Start with a keyword-rules baseline (no training data needed)",
                "we began with a classifier that needed a large training set",
            ),
            (
                "Shuffle the data before splitting it into folds",
                "never shuffle the data before splitting it into folds",
            ),
            ("Cosine similarity ignores vector length", "cosine similarity doesn't ignore vector length"),
        ],
        [
            (
                "Start with a keyword-rules baseline (no training data needed)",
                "we began with keyword rules, which don't need any training data",
            ),
            ("Early stopping prevents overfitting", "with early stopping the model doesn't overfit"),
            ("Dropout reduces overfitting", "dropout means the network doesn't overfit as much"),
        ],
    ),
    "antonym of the same attribute": (
        [
            (
                "The encoder reads the whole input sentence at once",
                "the decoder reads the whole input sentence at once",
            ),
            ("We shipped the new ranker on time", "we shipped the new ranker, three weeks late"),
            ("Dropout is turned off at inference time", "dropout stays on at inference time"),
            ("Quantisation makes the model smaller and faster", "quantisation makes the model bigger and slower"),
            (
                "LoRA trains a low-rank update and keeps the weights frozen",
                "LoRA trains a full-rank update of the weights",
            ),
        ],
        [
            ("We shipped the new ranker on time", "the new ranker went out on schedule"),
            ("Dropout is turned off at inference time", "dropout isn't used at inference time"),
            ("Quantisation makes the model smaller and faster", "the quantised model is more compact and quicker"),
            ("We shipped the new ranker on time", "we didn't ship the new ranker late"),
            (
                "Start with a keyword-rules baseline (no training data needed)",
                "no training set was needed for the rules baseline",
            ),
        ],
    ),
    "swapped order or direction": (
        [
            ("The cache is read before the model is called", "the cache is read after the model is called"),
            ("The training loss never increases between epochs", "the training loss usually goes up between epochs"),
            (
                "The objective (sum of squared distances) never increases",
                "the sum of squared distances can rise from one step to the next",
            ),
            ("Add dropout to reduce overfitting", "add dropout, which increases overfitting"),
        ],
        [
            ("The training loss never increases between epochs", "the training loss can't go up between epochs"),
            ("The objective (sum of squared distances) never increases", "the sum of squared distances never goes up"),
            ("Add dropout to reduce overfitting", "with dropout the model overfits less"),
        ],
    ),
    "swapped arguments of 'rather than' / 'before'": (
        [
            (
                "Open one connection pool at startup and reuse it; never open a connection per query.",
                "I'd open a new connection for every query rather than reusing a pool",
            ),
            (
                "Report revenue to leadership instead of only the click rate.",
                "we showed leadership the click rate rather than the revenue",
            ),
            (
                "Warm the cache first, then route traffic to the new node.",
                "warm the cache after you route traffic to the new node",
            ),
        ],
        [
            (
                "Open one connection pool at startup and reuse it; never open a connection per query.",
                "I'd open a pool once at startup and reuse it, rather than opening a connection for every query",
            ),
            (
                "Warm the cache first, then route traffic to the new node.",
                "warm the cache before you route traffic to the new node",
            ),
            (
                "Warm the cache first, then route traffic to the new node.",
                "route traffic to the new node after you warm the cache",
            ),
            ("Validate the schema before you load the batch", "I don't load the batch until the schema is validated"),
        ],
    ),
    "comparative said of what comes before it": (
        [
            (
                "Fine-tune with a learning rate about 10× smaller than for pretraining",
                "fine-tune with a learning rate roughly ten times higher than in pretraining",
            ),
            (
                "Larger batches need a larger learning rate",
                "with bigger batches you should scale the learning rate down",
            ),
        ],
        [
            (
                "Fine-tune with a learning rate about 10× smaller than for pretraining",
                "use a learning rate around ten times lower than you used for pretraining",
            ),
            ("Larger batches need a larger learning rate", "with bigger batches you scale the learning rate up"),
        ],
    ),
    "opposite verbs on the same object": (
        [
            (
                "Freeze the encoder and train only the classifier layer.",
                "you fine-tune the whole encoder together with the classifier layer",
            ),
        ],
        [
            (
                "Freeze the encoder and train only the classifier layer.",
                "keep the encoder frozen and only train the classifier layer",
            ),
            (
                "Freeze the encoder and train only the classifier layer.",
                "the classifier layer is trained while the encoder stays fixed",
            ),
        ],
    ),
    "unchanged where the notes say it changed": (
        [
            (
                "During evaluation, data augmentation is turned off.",
                "during evaluation the augmentation keeps running exactly as in training",
            ),
            ("The team switched the service to gRPC last quarter.", "the service still talks REST as it did before"),
            (
                "At serving time the tokenizer is replaced by a cached vocabulary lookup.",
                "at serving time the tokenizer runs the same as in training",
            ),
            ("In production the threshold was changed to 0.7.", "in production we left the threshold as it was"),
            (
                "While training it normalises with each batch's own mean; at serving time it reads a stored mean.",
                "at serving time it keeps normalising with each batch's own mean, exactly as in training",
            ),
        ],
        [
            (
                "During evaluation, data augmentation is turned off.",
                "augmentation is disabled for evaluation, unlike in training",
            ),
            (
                "At inference the same preprocessing is applied as in training.",
                "at inference you apply the same preprocessing as in training",
            ),
            (
                "The team switched the service to gRPC last quarter.",
                "last quarter the service was switched to gRPC, and the API stayed as before",
            ),
            (
                "In production the threshold was changed to 0.7.",
                "we changed the threshold to 0.7 in production, while logging stayed as before",
            ),
            (
                "Layer norm normalises each example, so it behaves the same at training and inference.",
                "layer norm works per example, so at inference it does the same thing as in training",
            ),
            (
                "At serving time the encoder reads a stored mean that was collected during training.",
                "at serving time the encoder reads the stored mean, not each batch's mean as in training",
            ),
        ],
    ),
    "comparative after a copula is said of the subject; before an adverb, of the verb": (
        [
            ("Error shrinks as you add more data.", "the error gets bigger as you add more data"),
            ("With more replicas the read latency is lower.", "with more replicas the read latency becomes higher"),
            (
                "A higher temperature makes the model sample more randomly.",
                "a higher temperature makes the model sample less randomly",
            ),
            ("Caching the embeddings cuts latency.", "once the embeddings are cached the latency gets larger"),
            (
                "Weight decay penalises large weights more heavily as lambda grows.",
                "as lambda grows, weight decay penalises large weights less heavily",
            ),
        ],
        [
            ("Error shrinks as you add more data.", "as you add more data the error gets smaller"),
            ("Caching the embeddings cuts latency.", "with cached embeddings the latency is lower"),
            (
                "A higher temperature makes the model sample more randomly.",
                "raise the temperature and the model samples more randomly",
            ),
            (
                "Dropout regularises more strongly at higher rates.",
                "at a higher rate dropout regularises more strongly",
            ),
            ("With more replicas the read latency is lower.", "read latency gets lower as you add replicas"),
            (
                "Weight decay penalises large weights more heavily as lambda grows.",
                "the bigger lambda is, the more heavily large weights are penalised",
            ),
        ],
    ),
    "quantifier: all against a few": (
        [("Every replica serves every region.", "each replica only serves a few regions")],
        [("Every replica serves every region.", "any replica can serve all the regions")],
    ),
    "changed number": (
        [("Warm up the learning rate for 500 steps", "warm up the learning rate for 5,000 steps")],
        [("Warm up the learning rate for 500 steps", "a linear learning rate warm-up over the first 500 steps")],
    ),
}


@pytest.mark.parametrize("mechanism", list(MECHANISMS))
def test_each_mechanism_flags_reversals_and_spares_correct_phrasing(mechanism: str) -> None:
    reversed_, correct = MECHANISMS[mechanism]
    for point, span in reversed_:
        found = clashes(point, span)
        assert found, (mechanism, span)
        assert found[0].said == span.strip(" .") or found[0].said in span  # the answer's whole clause
        assert found[0].notes in point
    for point, span in correct:
        assert clashes(point, span) == [], (mechanism, span)


def test_a_short_fragment_is_quoted_with_its_clause() -> None:
    found = clashes("We shipped the new ranker on time", "we shipped the new ranker, three weeks late")
    assert found[0].said == "we shipped the new ranker, three weeks late"
    assert found[0].message() == (
        "you said: “we shipped the new ranker, three weeks late”; your notes say: “We shipped the new ranker on time”"
    )
