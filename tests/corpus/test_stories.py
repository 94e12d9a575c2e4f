"""Syndicated and duplicate copies: near-duplicate texts share a story_id; dedupe keeps one copy per story."""

import random

import pandas as pd

import troopwatch as tw
from troopwatch.corpus.stories import story_ids

WIRE = [
    "Russia said on Tuesday that some of its troops deployed near Ukraine were returning to their bases "
    "after completing exercises, a move that could ease fears of an imminent invasion.",
    "The defence ministry did not say how many troops were being withdrawn or where they were stationed. "
    "Western officials estimate that Russia has massed more than 130,000 troops near the border.",
    "Ukrainian Foreign Minister Dmytro Kuleba said Kyiv would believe in de-escalation only when it saw "
    "troops pulling back, and NATO Secretary-General Jens Stoltenberg said the alliance had seen no sign of it.",
    "Tanks and other armoured vehicles were being loaded onto trains to return to their garrisons, the ministry "
    "said, as President Vladimir Putin prepared to meet German Chancellor Olaf Scholz in Moscow.",
]
OTHER_STORY = [
    "Ukraine's president called on Ukrainians to fly the national flag and sing the anthem on Wednesday, "
    "a day some Western reports had named as a possible date for an attack.",
    "Volodymyr Zelenskiy said in a video address that the country would not be intimidated and urged "
    "calm, while banks and government websites were hit by a cyberattack that officials blamed on Moscow.",
]


def test_wire_copies_share_a_story_and_different_stories_the_same_day_do_not():
    wire = "\n\n".join(WIRE)
    corpus = tw.corpus_from_texts(
        {"b_kyiv": "Russia pulls back some troops\n\nBy Staff Reporter\n\n" + wire + "\n\nShare this article",
         "a_herald": "MOSCOW, Feb 15 (Reuters) - " + "\n\n".join(WIRE[:3]) + "\n\nReporting by Reuters",
         "c_unity": "\n\n".join(OTHER_STORY)},
        outlet={"b_kyiv": "Kyiv Daily", "a_herald": "Herald Tribune", "c_unity": "Kyiv Daily"},
        published={"b_kyiv": "2022-02-15", "a_herald": "2022-02-16", "c_unity": "2022-02-15"})
    stories = corpus.articles.set_index("article_id").story_id
    assert stories.to_dict() == {"a_herald": "b_kyiv", "b_kyiv": "b_kyiv", "c_unity": "c_unity"}
    assert tw.dedupe(corpus.articles).article_id.tolist() == ["b_kyiv", "c_unity"]
    assert tw.dedupe(corpus.articles, keep="latest").article_id.tolist() == ["a_herald", "c_unity"]
    assert corpus.select(dedupe=True).articles.article_id.tolist() == ["b_kyiv", "c_unity"]
    # within a selection, the earliest copy selected stands for the story
    assert corpus.select(start_date="2022-02-16", dedupe=True).articles.article_id.tolist() == ["a_herald"]


def test_seed_articles_are_each_their_own_story(seed_corpus):
    assert seed_corpus.articles.story_id.tolist() == seed_corpus.articles.article_id.tolist()
    assert seed_corpus.select(dedupe=True).articles.equals(seed_corpus.articles)


def test_story_ids_are_deterministic_and_ignore_row_order():
    rng = random.Random(1)
    texts = {f"t{i:02d}": " ".join(f"word{(i * 7 + j) % 40}" if i % 2 else f"w{rng.randrange(500)}"
                                   for j in range(60)) for i in range(30)}
    corpus = tw.corpus_from_texts(texts, published="2022-02-15")
    assert corpus.articles.story_id.nunique() == 16  # the 15 rotations of one word cycle are one story
    shuffled = corpus.articles.sample(frac=1, random_state=3)
    assert story_ids(shuffled).sort_index().tolist() == corpus.articles.story_id.tolist()


def test_a_shared_paragraph_is_not_a_shared_story():
    shared = WIRE[1]
    corpus = tw.corpus_from_texts({"a": "\n\n".join([OTHER_STORY[0], shared]),
                                   "b": "\n\n".join([WIRE[3], shared, OTHER_STORY[1]])}, published="2022-02-15")
    assert corpus.articles.story_id.tolist() == ["a", "b"]


def near_copies(count: int, seed: int) -> list[str]:
    """Texts made from a few base texts with words replaced, inserted and deleted: many near the threshold."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(200)]
    bases = [[rng.choice(vocab) for _ in range(rng.randrange(3, 60))] for _ in range(12)]
    texts = []
    for _ in range(count):
        words = list(rng.choice(bases))
        for _ in range(rng.randrange(10)):
            position = rng.randrange(len(words) + 1)
            words[position:position + rng.randrange(2)] = [rng.choice(vocab)] * rng.randrange(2)
        texts.append(" ".join(words))
    return texts


def test_candidate_pairs_are_the_pairs_a_minhash_lsh_index_proposes():
    from datasketch import MinHashLSH

    from troopwatch.corpus.stories import NUM_PERM, THRESHOLD, _candidate_pairs, minhash_signatures, shingles

    signatures = minhash_signatures([shingles(text) for text in near_copies(300, seed=2)])
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for position, signature in enumerate(signatures):
        lsh.insert(position, _minhash(signature))
    proposed = {(position, other) for position, signature in enumerate(signatures)
                for other in lsh.query(_minhash(signature)) if other > position}
    found = _candidate_pairs(signatures, lsh.b, lsh.r).tolist()
    assert found == sorted([list(pair) for pair in proposed])
    assert len(found) > 300


def _minhash(signature):
    from datasketch import LeanMinHash, MinHash

    from troopwatch.corpus.stories import SEED

    return LeanMinHash(MinHash(seed=SEED, hashvalues=signature, scheme="affine32"))


def index_stories(articles: pd.DataFrame) -> list[str]:
    """Stories as the first version found them: a MinHashLSH index queried text by text, exact Jaccard on sets."""
    from datasketch import MinHashLSH

    from troopwatch.corpus.stories import NUM_PERM, THRESHOLD, minhash_signatures, shingles

    sets = [shingles(text) for text in articles.text]
    signatures = minhash_signatures(sets)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for position, signature in enumerate(signatures):
        if len(sets[position]):
            lsh.insert(position, _minhash(signature))
    parent = list(range(len(sets)))

    def root(node: int) -> int:
        return node if parent[node] == node else root(parent[node])

    for position, signature in enumerate(signatures):
        for other in lsh.query(_minhash(signature)) if len(sets[position]) else []:
            one, two = set(sets[position].tolist()), set(sets[other].tolist())
            if len(one & two) / len(one | two) >= THRESHOLD:
                parent[root(other)] = root(position)
    order = sorted(range(len(sets)), key=lambda i: (pd.isna(articles.published.iloc[i]),
                                                     articles.published.fillna(pd.Timestamp(0)).iloc[i],
                                                     articles.article_id.iloc[i]))
    first = {}
    for position in order:
        first.setdefault(root(position), articles.article_id.iloc[position])
    return [first[root(position)] for position in range(len(sets))]


def test_stories_are_those_a_minhash_lsh_index_gives_with_copies_empty_texts_and_missing_dates():
    texts = near_copies(150, seed=3) + ["", "...", "a b c d e f", "a b c d e f", "a b"]
    rng = random.Random(4)
    articles = pd.DataFrame({
        "article_id": [f"t{rng.randrange(10**5):05d}" for _ in texts],
        "published": pd.to_datetime([None if rng.random() < 0.2 else f"2022-02-{rng.randrange(1, 28):02d}"
                                     for _ in texts]),
        "text": texts})
    stories = story_ids(articles).tolist()
    assert stories == index_stories(articles)
    assert stories[-5] != stories[-4] and stories[-3] == stories[-2] != stories[-1]
    assert 20 < len(set(stories)) < 130  # many copies joined, many texts apart
