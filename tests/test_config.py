"""The configuration: a mistyped section or key is refused with a message naming it and the known ones."""

from __future__ import annotations

import pytest

from pipeline import config


@pytest.mark.parametrize("key, says", [
    ("topic__k_max", ["unknown configuration section 'topic'", "'topic.k_max'", "did you mean 'topics'",
                      "ingest, segment, indicators, slogans, topics"]),
    ("topics__kmax", ["'topics.kmax'", "did you mean 'topics.k_max'", "k_min"]),
    ("workers__x", ["'workers' is an option, not a section", "workers=VALUE"]),
    ("segment__hmm__x", ["'segment.hmm.x' has one dot too many", "hmm, engine"]),
    ("segment", ["'segment' is a section, not an option", "segment.KEY", "hmm"]),
])
def test_a_mistyped_section_or_key_names_it_and_the_known_ones(key, says):
    with pytest.raises(config.ConfigError) as err:
        config.Config().replace(**{key: 5})
    for part in says:
        assert part in str(err.value)


def test_a_mistyped_section_in_a_file_names_the_file_the_section_and_the_known_ones(tmp_path):
    path = tmp_path / "policytext.toml"
    path.write_text("[topic]\nk_max = 5\n", encoding="utf-8")
    with pytest.raises(config.ConfigError) as err:
        config.load(path)
    assert str(err.value) == (f"{path}: unknown configuration section 'topic'; did you mean 'topics'? "
                              "known sections: ingest, segment, indicators, slogans, topics")
