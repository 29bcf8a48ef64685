import unicodedata

from bot.gazetteer import (
    ProvinceQuery,
    find_provinces,
    lookup,
    members,
    mentions,
    resolve_query,
)
from bot.provinces import NEW_PROVINCES, OLD_PROVINCES, Province


def names(provinces: list[Province]) -> list[str]:
    return [p.name for p in provinces]


# --- Data ---------------------------------------------------------------------------------


def test_there_are_63_old_and_34_new_provinces():
    assert len(OLD_PROVINCES) == 63
    assert len({p.name for p in OLD_PROVINCES}) == 63
    assert len(NEW_PROVINCES) == 34
    assert len(set(NEW_PROVINCES)) == 34


def test_every_old_province_maps_to_one_of_the_34():
    assert {p.current for p in OLD_PROVINCES} == set(NEW_PROVINCES)


def test_every_new_unit_has_its_members_and_they_partition_the_old_provinces():
    all_members = [p for unit in NEW_PROVINCES for p in members(unit)]
    assert sorted(names(all_members)) == sorted(p.name for p in OLD_PROVINCES)


def test_names_use_modern_tone_placement():
    for province in OLD_PROVINCES:
        for text in (province.name, province.current):
            assert unicodedata.is_normalized("NFC", text)
            for old_style in ("oà", "oá", "oả", "uỷ", "uý"):
                assert old_style not in text


def test_merger_examples():
    assert lookup("Hòa Bình").current == "Phú Thọ"
    assert lookup("Hà Giang").current == "Tuyên Quang"
    assert lookup("Bà Rịa - Vũng Tàu").current == "TP. Hồ Chí Minh"
    assert lookup("Kiên Giang").current == "An Giang"
    assert lookup("Thanh Hóa").current == "Thanh Hóa"


# --- lookup -------------------------------------------------------------------------------


def test_lookup_ignores_case_and_diacritics():
    expected = lookup("Quảng Ninh")
    assert expected is not None and expected.name == "Quảng Ninh"
    assert lookup("quang ninh") == expected
    assert lookup("QUẢNG NINH") == expected
    assert lookup("  quảng   ninh ") == expected


def test_lookup_accepts_old_tone_placement_and_nfd():
    assert lookup("Hoà Bình").name == "Hòa Bình"
    assert lookup("Khánh Hoà").name == "Khánh Hòa"
    assert lookup("Thanh Hoá").name == "Thanh Hóa"
    assert lookup(unicodedata.normalize("NFD", "Hòa Bình")).name == "Hòa Bình"


def test_lookup_accepts_partially_accented_names():
    assert lookup("Hoa Bình").name == "Hòa Bình"
    assert lookup("Đăk Lăk").name == "Đắk Lắk"


def test_lookup_rejects_conflicting_diacritics():
    assert lookup("Huệ") is None  # a flower, not Huế
    assert lookup("Hà Năm") is None


def test_lookup_ho_chi_minh_city_aliases():
    for alias in ("TP.HCM", "TPHCM", "TP HCM", "tp. hcm", "HCM", "Hồ Chí Minh",
                  "Thành phố Hồ Chí Minh", "Sài Gòn", "sai gon"):  # fmt: skip
        assert lookup(alias).name == "TP. Hồ Chí Minh", alias


def test_lookup_ba_ria_vung_tau_aliases():
    for alias in ("BR-VT", "BRVT", "Bà Rịa Vũng Tàu", "Bà Rịa–Vũng Tàu", "Bà Rịa-Vũng Tàu",
                  "Vũng Tàu", "ba ria - vung tau"):  # fmt: skip
        assert lookup(alias).name == "Bà Rịa - Vũng Tàu", alias


def test_lookup_hue_aliases_give_old_name_and_current_hue():
    for alias in ("Thừa Thiên Huế", "Thừa Thiên - Huế", "Huế", "thua thien hue"):
        province = lookup(alias)
        assert province.name == "Thừa Thiên Huế", alias
        assert province.current == "Huế"


def test_lookup_spelling_variants():
    assert lookup("Đắc Lắc").name == "Đắk Lắk"
    assert lookup("Dak Lak").name == "Đắk Lắk"
    assert lookup("Daklak").name == "Đắk Lắk"
    assert lookup("Dak Nong").name == "Đắk Nông"
    assert lookup("Kontum").name == "Kon Tum"
    assert lookup("Bắc Cạn").name == "Bắc Kạn"


def test_lookup_ignores_administrative_prefix():
    assert lookup("tỉnh Quảng Ninh").name == "Quảng Ninh"
    assert lookup("TP Hải Phòng").name == "Hải Phòng"
    assert lookup("thành phố Đà Nẵng").name == "Đà Nẵng"
    assert lookup("Thủ đô Hà Nội").name == "Hà Nội"


def test_lookup_unknown_name_is_none():
    assert lookup("Hà Tây") is None
    assert lookup("") is None
    assert lookup("hợp tác xã") is None


# --- find_provinces -----------------------------------------------------------------------


def test_find_province_after_tinh():
    assert names(find_provinces("Ủy ban nhân dân tỉnh Quảng Ninh ban hành")) == ["Quảng Ninh"]


def test_find_keeps_order_of_first_mention_and_is_unique():
    text = "tỉnh Hoà Bình và tỉnh Bạc Liêu, rồi lại tỉnh Hòa Bình"
    assert names(find_provinces(text)) == ["Hòa Bình", "Bạc Liêu"]


def test_find_works_on_nfd_text():
    text = unicodedata.normalize("NFD", "Liên minh HTX tỉnh Thái Bình và Hoà Bình")
    assert names(find_provinces(text)) == ["Thái Bình", "Hòa Bình"]


def test_find_no_false_positive_in_legal_reference():
    assert find_provinces("Nghị định 193/2013/NĐ-CP của Chính phủ về hợp tác xã") == []


def test_find_no_false_positive_in_common_words():
    assert find_provinces("Thu nhập bình quân đầu người tăng") == []
    assert find_provinces("góp phần giữ vững hòa bình, ổn định") == []
    assert find_provinces("Hòa bình là khát vọng") == []
    assert find_provinces("khu vực Châu Á - Thái Bình Dương") == []
    assert find_provinces("học tập và làm theo tư tưởng Hồ Chí Minh") == []
    assert find_provinces("đường Nguyễn Huệ") == []


def test_find_common_word_names_count_when_capitalised_or_prefixed():
    assert names(find_provinces("HTX ở Hòa Bình")) == ["Hòa Bình"]
    assert names(find_provinces("tỉnh hòa bình")) == ["Hòa Bình"]
    assert names(find_provinces("LIÊN MINH HTX TỈNH HÒA BÌNH")) == ["Hòa Bình"]


def test_find_distinguishes_ninh_binh_from_thai_binh():
    assert names(find_provinces("tỉnh ninh bình")) == ["Ninh Bình"]
    assert names(find_provinces("tỉnh thái bình")) == ["Thái Bình"]
    assert names(find_provinces("Ninh Bình và Thái Bình")) == ["Ninh Bình", "Thái Bình"]


def test_find_matches_whole_words_only():
    assert find_provinces("ông Long Anh") == []
    assert find_provinces("HaNoiTV") == []
    assert names(find_provinces("tỉnh Long An.")) == ["Long An"]


def test_find_longest_alias_wins():
    assert names(find_provinces("tỉnh Bà Rịa - Vũng Tàu")) == ["Bà Rịa - Vũng Tàu"]
    assert names(find_provinces("tỉnh Thừa Thiên Huế")) == ["Thừa Thiên Huế"]
    assert names(find_provinces("Thành phố Hồ Chí Minh")) == ["TP. Hồ Chí Minh"]


def test_find_tolerates_separators_between_syllables():
    for text in ("Bà Rịa–Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà  Rịa  Vũng  Tàu", "BR-VT"):
        assert names(find_provinces(text)) == ["Bà Rịa - Vũng Tàu"], text
    for text in ("TP.HCM", "TP. HCM", "Tp. Hồ Chí Minh", "TPHCM"):
        assert names(find_provinces(text)) == ["TP. Hồ Chí Minh"], text


def test_find_hyphenated_pair_is_two_provinces():
    assert names(find_provinces("tuyến Hà Nội - Hải Phòng")) == ["Hà Nội", "Hải Phòng"]


def test_find_without_diacritics():
    assert names(find_provinces("htx o tinh quang ninh va ca mau")) == ["Quảng Ninh", "Cà Mau"]


# --- members ------------------------------------------------------------------------------


def test_members_of_merged_unit():
    assert names(members("Phú Thọ")) == ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]
    assert names(members("phu tho")) == ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]


def test_members_accepts_any_alias_of_the_unit():
    expected = ["TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"]
    assert names(members("Sài Gòn")) == expected
    assert names(members("TP.HCM")) == expected
    assert names(members("Huế")) == ["Thừa Thiên Huế"]


def test_members_of_old_province_merged_away_is_empty():
    assert members("Hòa Bình") == []
    assert members("Atlantis") == []


def test_members_rejects_conflicting_diacritics():
    assert members("Huệ") == []


# --- resolve_query ------------------------------------------------------------------------


def test_resolve_new_unit_searches_all_members_with_note():
    [query] = resolve_query("Phú Thọ mục tiêu 2023")
    assert query.said == "Phú Thọ"
    assert query.provinces == ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")
    assert query.note is not None and "Hòa Bình" in query.note and "Phú Thọ" in query.note


def test_resolve_accent_free_query():
    [query] = resolve_query("quang tri")
    assert query.said == "Quảng Trị"
    assert "Quảng Bình" in query.provinces


def test_resolve_ca_mau_includes_bac_lieu():
    [query] = resolve_query("Cà Mau")
    assert query.provinces == ("Cà Mau", "Bạc Liêu")


def test_resolve_old_province_merged_away_gives_itself_and_note():
    assert resolve_query("Hòa Bình") == [
        ProvinceQuery(
            said="Hòa Bình",
            provinces=("Hòa Bình",),
            note="Tỉnh Hòa Bình đã sáp nhập vào tỉnh Phú Thọ từ 7/2025.",
        )
    ]


def test_resolve_accepts_lowercase_common_word_names_in_questions():
    [query] = resolve_query("hợp tác xã ở hòa bình")
    assert query.provinces == ("Hòa Bình",)


def test_resolve_unchanged_province_has_no_note():
    assert resolve_query("HTX ở Quảng Ninh") == [
        ProvinceQuery(said="Quảng Ninh", provinces=("Quảng Ninh",), note=None)
    ]


def test_resolve_renamed_province_says_so_without_a_merger():
    # Thừa Thiên Huế became the city of Huế; nothing was merged into it.
    for question in ("Thừa Thiên Huế", "Huế", "tt-hue"):
        assert resolve_query(question) == [
            ProvinceQuery(
                said="Huế",
                provinces=("Thừa Thiên Huế",),
                note="Tỉnh Thừa Thiên Huế nay là thành phố Huế.",
            )
        ]


def test_mentions_are_the_province_names_as_written_with_their_prefix():
    assert mentions("Sài Gòn và thành phố Hồ Chí Minh có bao nhiêu HTX") == [
        "Sài Gòn",
        "thành phố Hồ Chí Minh",
    ]
    assert mentions("br-vt, TP HCM, tỉnh Hòa Bình") == ["br-vt", "TP HCM", "tỉnh Hòa Bình"]
    assert mentions("tư tưởng Hồ Chí Minh") == []
    assert mentions("giá vàng hôm nay") == []


def test_resolve_city_notes_use_thanh_pho():
    [query] = resolve_query("Hải Dương")
    assert query.note == "Tỉnh Hải Dương đã sáp nhập vào thành phố Hải Phòng từ 7/2025."
    [query] = resolve_query("Vũng Tàu")
    assert query.said == "Bà Rịa - Vũng Tàu"
    assert "Thành phố Hồ Chí Minh" in query.note


def test_resolve_several_provinces_in_order_without_duplicates():
    queries = resolve_query("So sánh Sài Gòn, TP.HCM và Hòa Bình")
    assert [q.said for q in queries] == ["TP. Hồ Chí Minh", "Hòa Bình"]


def test_resolve_question_without_province_is_empty():
    assert resolve_query("giá vàng hôm nay") == []
    assert resolve_query("") == []
