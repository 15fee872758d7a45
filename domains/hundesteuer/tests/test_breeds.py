"""Breed spellings map to one name, and listed breeds are recognised under the LHundG NRW."""

from __future__ import annotations

import pytest

from domains.hundesteuer.actions.breeds import BreedCategory, canonical_breed, classify_breed


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Labbi", "Labrador"),
        ("nen Labi", "Labrador"),
        ("Er ist ein Labrador Retriever.", "Labrador"),
        ("Schäferhund", "Deutscher Schäferhund"),
        ("schaeferhund", "Deutscher Schäferhund"),
        ("DSH", "Deutscher Schäferhund"),
        ("Mix", "Mischling"),
        ("Mischlingshund", "Mischling"),
        ("Staff", "Staffordshire Bullterrier"),
        ("Staffordshire", "Staffordshire Bullterrier"),
        ("Amstaff", "American Staffordshire Terrier"),
        ("Pitbull", "Pitbull Terrier"),
        ("Rotti", "Rottweiler"),
        ("chiwawa", "Chihuahua"),
        ("Labrador-Mischling", "Labrador-Mischling"),  # crosses keep their wording
        ("Irish Wolfhound", "Irish Wolfhound"),  # unknown breeds are kept as typed
    ],
)
def test_canonical_breed(typed: str, canonical: str) -> None:
    assert canonical_breed(typed) == canonical


@pytest.mark.parametrize(
    ("breed", "category"),
    [
        ("Pitbull", BreedCategory.DANGEROUS),
        ("American Staffordshire Terrier", BreedCategory.DANGEROUS),
        ("Staffordshire Bullterrier", BreedCategory.DANGEROUS),
        ("Bullterrier", BreedCategory.DANGEROUS),
        ("Staff-Mix", BreedCategory.DANGEROUS),  # crosses of § 3 breeds are § 3 dogs
        ("Labrador-Pitbull-Mischling", BreedCategory.DANGEROUS),
        ("Rottweiler", BreedCategory.LISTED),
        ("Rotti", BreedCategory.LISTED),
        ("Rottweiler Mischling", BreedCategory.LISTED),
        ("Bullmastiff", BreedCategory.LISTED),
        ("Mastiff", BreedCategory.LISTED),
        ("Dogo Argentino", BreedCategory.LISTED),
        ("Fila Brasileiro", BreedCategory.LISTED),
        ("Tosa Inu", BreedCategory.LISTED),
        ("American Bulldog", BreedCategory.LISTED),
        ("Mastino Napoletano", BreedCategory.LISTED),
        ("Alano", BreedCategory.LISTED),
        ("Labrador", BreedCategory.NOT_LISTED),
        ("Deutscher Schäferhund", BreedCategory.NOT_LISTED),
        ("Jack Russell Terrier", BreedCategory.NOT_LISTED),  # a terrier, but not a bull terrier
        ("Französische Bulldogge", BreedCategory.NOT_LISTED),  # not the American Bulldog
        ("Mischling", BreedCategory.UNCLEAR),
        ("Labrador-Mischling", BreedCategory.UNCLEAR),
        ("Tibet Mastiff", BreedCategory.UNCLEAR),  # not the listed (English) Mastiff
        ("Dogo Canario", BreedCategory.UNCLEAR),  # not the listed Dogo Argentino
        ("Irish Wolfhound", BreedCategory.UNCLEAR),
    ],
)
def test_classify_breed(breed: str, category: BreedCategory) -> None:
    assert classify_breed(breed) is category


def test_only_listed_categories_need_a_permit() -> None:
    assert {c for c in BreedCategory if c.needs_permit} == {
        BreedCategory.DANGEROUS,
        BreedCategory.LISTED,
    }
