"""Quote finding on sentences written for these tests (news style, no shared data)."""

import json

import pytest
from helpers import make_doc

from khabar.document import Document
from khabar.frames.lexicon import cue_lexicon
from khabar.frames.marks import quoted_spans
from khabar.quotes import find_quotes


def quotes_of(text, entities=()):
    doc = find_quotes(make_doc(text, list(entities)))
    return doc, [q.to_dict(doc.text) for q in doc.quotes]


def speaker_names(q):
    return [a["name"] for a in q["speakers"]]


# --- marks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, inner",
    [
        ("قال الوزير: «سنواصل العمل» أمس.", ["سنواصل العمل"]),
        ("ووصف القرار بـ”الخطوة الجريئة” في كلمته.", ["الخطوة الجريئة"]),  # reversed opener
        ('وقال المدير "المشروع يسير وفق الخطة" للصحفيين.', ["المشروع يسير وفق الخطة"]),
        ("قالت: „الوضع مستقر“ ثم غادرت.", ["الوضع مستقر"]),
        ("وأوضح أن «الأسعار “المعلنة” ستبقى» كما هي.", ["الأسعار “المعلنة” ستبقى"]),  # nested
        ("وقال المتحدث: «لن نقبل بأي تأخير", ["لن نقبل بأي تأخير"]),  # never closed
        ("وستبقى الأبواب مفتوحة أمام الجميع».", ["وستبقى الأبواب مفتوحة أمام الجميع"]),  # lone closer
    ],
)
def test_quotes_marks_pair_as_typed(text, inner):
    assert [text[q.start : q.end] for q in quoted_spans(text, 0, len(text))] == inner


# --- indirect and direct -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, speaker, kind",
    [
        (
            "قال وزير المالية خالد العتيبي إن الميزانية ستحقق فائضا هذا العام.",
            "الميزانية ستحقق فائضا هذا العام",
            "وزير المالية خالد العتيبي",
            "indirect",
        ),
        ("وأكدت الوزارة أن الخدمة ستعود خلال ساعات.", "الخدمة ستعود خلال ساعات", "الوزارة", "indirect"),
        ("وشدد المحافظ على أن المشاريع ستنجز في موعدها.", "المشاريع ستنجز في موعدها", "المحافظ", "indirect"),
        ("وحذر الخبير من أن الأسعار قد ترتفع مجددا.", "الأسعار قد ترتفع مجددا", "الخبير", "indirect"),
        ("وأشار المدير العام إلى أن التسجيل يبدأ الأحد.", "التسجيل يبدأ الأحد", "المدير العام", "indirect"),
        ("ولفت الطبيب إلى أن الحالة مستقرة.", "الحالة مستقرة", "الطبيب", "indirect"),
        ("وأعرب رئيس النادي عن سعادته بالفوز الكبير.", "سعادته بالفوز الكبير", "رئيس النادي", "indirect"),
        ("وقالت المتحدثة: «سنعلن النتائج غدا».", "سنعلن النتائج غدا", "المتحدثة", "direct"),
        (
            "وأوضح المهندس سعد الزهراني أن العمل “سيكتمل قبل الصيف” كما خطط له.",
            "العمل “سيكتمل قبل الصيف”",
            "المهندس سعد الزهراني",
            "mixed",
        ),
        ("وندد البرلمان بـ”الهجوم الغادر” على المدنيين.", "الهجوم الغادر", "البرلمان", "direct"),
    ],
)
def test_quotes_clause_content_and_speaker(text, content, speaker, kind):
    _, quotes = quotes_of(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q["text"].startswith(content)
    assert q["speaker"]["name"] == speaker
    assert q["kind"] == kind


@pytest.mark.parametrize(
    "text",
    [
        "لم يذكر الوزير أن الميزانية تواجه عجزا.",
        "ولم يقل المدرب إن الفريق سيغير خطته.",
        "يذكر أن المهرجان يقام سنويا منذ عشر سنوات.",
        "وتم نقل المصابين عبر سيارات الإسعاف عن طريق الطريق السريع.",
        "وهذا المشروع مشترك بين وكالتي «ناسا» والوكالة الأوروبية.",
        "وشارك في الحفل فريق «النجوم» الشعبي.",
        "ووفق الشروط المعلنة يحق لكل مواطن التقديم.",
        "ثم تبين أن المبنى كان خاليا من السكان.",
        "وانتظر الأهالي ساعات طويلة وذكر الجيران ذلك الى أن وصلت فرق الإنقاذ.",
    ],
)
def test_quotes_not_speech_is_not_quoted(text):
    _, quotes = quotes_of(text)
    assert quotes == []


# --- speakers -------------------------------------------------------------------------


def test_quotes_bare_verb_takes_previous_speaker():
    text = "قال الوزير إن الخطة جاهزة.\nوأضاف أن التنفيذ يبدأ الشهر المقبل."
    _, quotes = quotes_of(text)
    assert [q["speaker"]["name"] for q in quotes] == ["الوزير", "الوزير"]


def test_quotes_pronoun_speaker_agrees_in_gender():
    text = (
        "التقت الوزيرة منى السالم بالسفير أحمد الفهد.\n"
        "وقال أحمد الفهد إن العلاقات متينة.\n"
        "وقالت إن التعاون سيتسع في العام المقبل."
    )
    people = [("PERSON", "منى السالم", ["منى السالم"]), ("PERSON", "أحمد الفهد", ["أحمد الفهد"])]
    _, quotes = quotes_of(text, people)
    assert [q["speaker"]["name"] for q in quotes] == ["أحمد الفهد", "منى السالم"]


def test_quotes_pronoun_in_sentence_resolves_to_person_named_there():
    text = "لم يذكر المدرب ماجد الحربي أسماء اللاعبين، لكنه قال إن التشكيلة ستتغير."
    _, quotes = quotes_of(text, [("PERSON", "ماجد الحربي", ["ماجد الحربي"])])
    assert len(quotes) == 1
    assert quotes[0]["speaker"]["name"] == "ماجد الحربي"


def test_quotes_joint_speakers_and_addressee():
    text = "أعلن الملك عبدالله والرئيس ماكرون أن البلدين سيوقعان الاتفاق. وأبلغ ماكرون عبدالله أن فرنسا ستدعم المشروع."
    people = [("PERSON", "الملك عبدالله", ["الملك عبدالله", "عبدالله"]), ("PERSON", "إيمانويل ماكرون", ["ماكرون"])]
    _, quotes = quotes_of(text, people)
    assert speaker_names(quotes[0]) == ["الملك عبدالله", "إيمانويل ماكرون"]
    assert quotes[1]["speaker"]["name"] == "إيمانويل ماكرون"
    assert quotes[1]["addressee"]["name"] == "الملك عبدالله"


def test_quotes_description_resolves_through_role():
    text = "وقال أمين العاصمة المقدسة إن الطرق ستفتح قريبا."
    doc = make_doc(text, [("PERSON", "صالح التركي", ["صالح التركي"])])
    entity = doc.entities[0]
    doc = doc.replace(entities=(type(entity)(entity.id, entity.type, entity.name, (), ("أمين العاصمة المقدسة",), ()),))
    q = find_quotes(doc).quotes[0]
    assert (q.speaker.name, q.speaker.entity) == ("صالح التركي", entity.id)


def test_quotes_unresolved_subject_keeps_its_phrase():
    _, quotes = quotes_of("وقال مصدر مسؤول إن التحقيق ما زال جاريا.")
    assert quotes[0]["speaker"] == {"entity": None, "name": "مصدر مسؤول", "mention": quotes[0]["speaker"]["mention"]}


# --- sources, continuations, headings --------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("ارتفع عدد الزوار إلى مليون زائر، بحسب وكالة الأنباء السعودية.", "وكالة الأنباء السعودية"),
        ("ووفقا لمصادر مطلعة فإن الاجتماع سيعقد الأسبوع المقبل.", "مصادر مطلعة"),
        ("سيغلق الطريق ثلاثة أيام، حسبما ذكرت الشرطة.", "الشرطة"),
    ],
)
def test_quotes_source_phrase_attributes_sentence(text, speaker):
    _, quotes = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0]["speaker"]["name"] == speaker
    assert "بحسب" not in quotes[0]["text"] and "وفقا" not in quotes[0]["text"]


def test_quotes_source_after_cue_is_relay():
    _, quotes = quotes_of("وقال الوزير إن المفاوضات مستمرة، بحسب وكالة رويترز.")
    assert quotes[0]["speaker"]["name"] == "الوزير"
    assert quotes[0]["via"]["name"] == "وكالة رويترز"


def test_quotes_relay_verb_names_speaker_after_an():
    _, quotes = quotes_of("ونقلت صحيفة الرياض عن مسؤول في الوزارة قوله إن القرار نهائي.")
    assert quotes[0]["speaker"]["name"].startswith("مسؤول")
    assert quotes[0]["via"]["name"] == "صحيفة الرياض"


def test_quotes_continuation_paragraph_keeps_speaker():
    text = (
        "وقال رئيس الهيئة فهد العمري: «نعمل على تطوير الخدمات في كل المدن».\n"
        "وتعمل الهيئة على المشروع الذي «سيغير وجه المدينة خلال خمس سنوات».\n"
        "وتقع المدينة على الساحل الغربي."
    )
    _, quotes = quotes_of(text)
    assert len(quotes) == 2
    assert quotes[1]["cue"] is None
    assert quotes[1]["speaker"]["name"] == quotes[0]["speaker"]["name"]


def test_quotes_colon_at_paragraph_end_takes_next_paragraph():
    text = "وقال المدرب:\n«اللاعبون قدموا مباراة كبيرة وسنواصل»\nوانتهت المباراة بالتعادل."
    _, quotes = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0]["text"] == "اللاعبون قدموا مباراة كبيرة وسنواصل"
    assert quotes[0]["speaker"]["name"] == "المدرب"


def test_quotes_heading_quote_is_not_attributed():
    text = "قال الوزير إن الموسم ناجح.\n«موسم استثنائي»\nوشهدت المدينة حضورا كبيرا."
    doc, quotes = quotes_of(text)
    assert doc.paragraphs[1].kind == "heading"
    heading = [q for q in quotes if q["heading"]]
    assert len(heading) == 1 and heading[0]["speaker"] is None


def test_quotes_cue_inside_quotation_is_content():
    _, quotes = quotes_of("وقال المدرب: «أعتقد أن الفريق جاهز للمباراة».")
    assert len(quotes) == 1


def test_quotes_round_trip_through_json():
    doc, _ = quotes_of(
        "أعلن الملك عبدالله والرئيس ماكرون أن البلدين سيوقعان الاتفاق.",
        [("PERSON", "الملك عبدالله", ["الملك عبدالله"]), ("PERSON", "إيمانويل ماكرون", ["ماكرون"])],
    )
    again = Document.from_dict(doc.to_dict())
    assert again.quotes == doc.quotes
    assert len(again.quotes[0].speakers) == 2


# --- lexicon --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "form, lemma, gender, number",
    [
        ("قالت", "قال", "f", "s"),
        ("وقالوا", "قال", "m", "p"),
        ("فأضاف", "أضاف", "m", "s"),
        ("يؤكدون", "أكد", "m", "p"),
        ("تقول", "قال", "f", "s"),
        ("مؤكدة", "أكد", "f", "s"),
        ("تأكيده", "أكد", "m", "s"),
        ("قيل", "قال", "-", "-"),
        ("اعلن", "أعلن", "m", "s"),
        ("أُعلن", "أعلن", "-", "-"),
        ("ذُكر", "ذكر", "-", "-"),
        ("نفت", "نفى", "f", "s"),
    ],
)
def test_quotes_lexicon_covers_forms(form, lemma, gender, number):
    cue = cue_lexicon().cue(form)
    assert cue is not None and (cue.lemma, cue.gender, cue.number) == (lemma, gender, number)


def test_quotes_lexicon_file_matches_its_generator():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, str(root / "tools" / "make_cues.py"), "--check"], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def test_quotes_name_closing_the_subject_phrase_speaks():
    # a tagger may take a title word (رائد = astronaut, also a first name) for a person
    text = "قال رائد الفضاء الأمريكي سكوت كيلي في تغريدة، إنه تناول أول وجبة من خضروات المحطة."
    people = [("PERSON", "رائد", ["رائد"]), ("PERSON", "سكوت كيلي", ["سكوت كيلي"])]
    _, quotes = quotes_of(text, people)
    assert quotes[0]["speaker"]["name"] == "سكوت كيلي"


@pytest.mark.parametrize(
    "text, content",
    [
        ("وتعهد الوزير بالتصدي للمخالفات في كل المدن.", "التصدي للمخالفات في كل المدن"),
        ("وتعهد الوزير خلال خطابه في مدينة بيرمنغهام بالتصدي للتطرف.", "التصدي للتطرف"),
    ],
)
def test_quotes_attached_preposition_opens_content_but_not_a_name(text, content):
    _, quotes = quotes_of(text)
    assert quotes[0]["text"] == content


def test_quotes_name_in_quotes_before_cue_is_not_a_quote():
    text = "وحول الأشخاص المرخص لهم «المؤسسات المالية»، أكد الرئيس أن الخطوة ستسهم في النمو."
    _, quotes = quotes_of(text)
    assert [q["text"] for q in quotes] == ["الخطوة ستسهم في النمو"]


def test_quotes_honorific_pronoun_points_to_the_titled_person():
    text = "واستقبل الأمير فيصل بن خالد المهندس سعد المطيري في مكتبه، حيث أكد سموه أن المشروع سيكتمل قريبا."
    people = [("PERSON", "فيصل بن خالد", ["فيصل بن خالد"]), ("PERSON", "سعد المطيري", ["سعد المطيري"])]
    _, quotes = quotes_of(text, people)
    assert quotes[0]["speaker"]["name"] == "فيصل بن خالد"


def test_quotes_ambiguous_cue_counts_before_an():
    _, quotes = quotes_of("وعن المخالفين للأنظمة ذكر البيان أن العقوبات ستطبق فورا.")
    assert quotes[0]["speaker"]["name"] == "البيان"
    assert quotes[0]["text"] == "العقوبات ستطبق فورا"


@pytest.mark.parametrize(
    "text, speakers",
    [
        ("وذكر الوزير أن رئيس الشركة فهد السالم أشار إلى أن الأرباح سترتفع.", ["الوزير", "رئيس الشركة فهد السالم"]),
        ("غير أن منظمات حقوقية سارعت إلى انتقاد القرار، مؤكدة أنه يضر بالعمال.", ["منظمات حقوقية"]),
        ("وكشفت عدد من الصحف البريطانية أن اللاعب سينتقل قريبا.", ["عدد من الصحف البريطانية"]),
    ],
)
def test_quotes_subject_in_other_positions(text, speakers):
    # without entities the phrase may run on into the verb (no verb list): it starts right
    _, quotes = quotes_of(text)
    names = [q["speaker"]["name"] for q in quotes]
    assert len(names) == len(speakers)
    assert all(name.startswith(expected) for name, expected in zip(names, speakers)), names


def test_cli_quotes_speaker_filter_on_analysed_files(tmp_path):
    from click.testing import CliRunner

    from khabar.cli import main

    p = tmp_path / "a.txt"
    p.write_text(
        "عنوان الخبر عن اجتماع الوزيرين\n"
        "قال وزير المالية خالد العمري إن الميزانية ستعلن الشهر المقبل بعد مراجعة شاملة.\n"
        "وأكدت وزيرة الصحة سلمى الراشد أن المستشفيات الجديدة ستفتتح قبل نهاية العام.\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(main, ["quotes", str(p), "--format", "jsonl", "--speaker", "العمري"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines and all("الميزانية" in q["text"] for q in lines)


def test_cli_quotes_from_store_explains_missing_db(tmp_path):
    from click.testing import CliRunner

    from khabar.cli import main

    out = CliRunner().invoke(main, ["quotes", "--db", str(tmp_path / "none.db"), "--speaker", "العمري"])
    assert out.exit_code != 0 and "khabar ingest" in out.output


# --- speakers: names that never speak, subjects past an outlet ------------------------


@pytest.mark.parametrize(
    "text, person",
    [
        (
            "وأوضح المتحدث باسم مركز الملك فيصل للبحوث خالد العتيبي أن الدراسة اكتملت. وأضاف أن النتائج ستنشر قريبا.",
            "فيصل",
        ),
        ("وصلت الطائرة إلى مطار الملك فهد الدولي صباح اليوم. وأكد مدير المطار أن الرحلات منتظمة.", "فهد الدولي"),
    ],
)
def test_quotes_person_in_a_named_place_never_speaks(text, person):
    _, quotes = quotes_of(text, [("PERSON", person, [person])])
    assert quotes and all(q["speaker"]["entity"] is None for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        "سامي العنزي- سبق- الرياض: تفقد أمين المنطقة أمس الحديقة الجديدة، مؤكدا أن العمل مستمر.",
        "سامي العنزي – عين اليوم\nتفقد أمين المنطقة أمس الحديقة الجديدة، مؤكدا أن العمل مستمر.",
    ],
)
def test_quotes_byline_name_never_speaks(text):
    _, quotes = quotes_of(text, [("PERSON", "سامي العنزي", ["سامي العنزي"])])
    assert [q["speaker"]["name"] for q in quotes] == ["أمين المنطقة"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("أوضح ذلك لـ«الوطن» مصدر مسؤول في الوزارة، مبينا أن التحقيق مستمر.", "مصدر مسؤول في الوزارة"),
        ('وأكد لـ"سبق"، مدير الشؤون الصحية، بأن الحالات مستقرة.', "مدير الشؤون الصحية"),
        ("وقال لصحيفة الرياض مسؤول في الهيئة إن القرار نهائي.", "مسؤول في الهيئة"),
    ],
)
def test_quotes_subject_after_the_outlet(text, speaker):
    _, quotes = quotes_of(text)
    assert [q["speaker"]["name"] for q in quotes] == [speaker]


def test_quotes_last_name_alone_names_the_person():
    text = "انتقد اللاعب السابق ناصر الشمراني الإدارة. وقال الشمراني في تغريدة إن الفريق يحتاج إلى مدرب جديد."
    _, quotes = quotes_of(text, [("PERSON", "ناصر الشمراني", ["ناصر الشمراني"])])
    assert [q["speaker"]["name"] for q in quotes] == ["ناصر الشمراني"]


def test_quotes_name_in_apposition_after_opening_description():
    text = "يواصل المدرب الوطني السابق، يوسف العمري، انتقاداته للاتحاد، مؤكدا أن الخطة غير واضحة."
    _, quotes = quotes_of(text, [("PERSON", "يوسف العمري", ["يوسف العمري"])])
    assert [q["speaker"]["name"] for q in quotes] == ["يوسف العمري"]


@pytest.mark.parametrize(
    "text, entities, speaker",
    [
        (
            "انضم المهاجم سالم الدوسري إلى النادي أمس. وقال اللاعب إن طموحه كبير.",
            [("PERSON", "سالم الدوسري", ["سالم الدوسري"])],
            "سالم الدوسري",
        ),
        (
            "قال المدرب فيصل البدين إن الفريق جاهز. ثم وصل الحارس عبدالله المعيوف والمدافع أسامة هوساوي. "
            "وقال المدرب السابق للمنتخب إن المنافسة صعبة.",
            [
                ("PERSON", "فيصل البدين", ["فيصل البدين"]),
                ("PERSON", "عبدالله المعيوف", ["عبدالله المعيوف"]),
                ("PERSON", "أسامة هوساوي", ["أسامة هوساوي"]),
            ],
            "فيصل البدين",
        ),
        (
            "أطلقت شركة المراعي منتجا جديدا. وأكدت الشركة أن المنتج سيصل إلى الأسواق قريبا.",
            [("ORG", "شركة المراعي", ["شركة المراعي"])],
            "شركة المراعي",
        ),
    ],
)
def test_quotes_generic_head_points_back(text, entities, speaker):
    _, quotes = quotes_of(text, entities)
    assert quotes[-1]["speaker"]["name"] == speaker


def test_quotes_cue_inside_a_subordinate_clause_leaves_the_outer_cue_its_content():
    text = "وقال الرئيس ماهر الخطيب في المؤتمر حيث أعلن الخطة الجديدة إنها أهم خطوة في تاريخ الوزارة."
    _, quotes = quotes_of(text, [("PERSON", "ماهر الخطيب", ["ماهر الخطيب"])])
    assert [(q["speaker"]["name"], q["cue"]["text"]) for q in quotes] == [("ماهر الخطيب", "وقال")]


@pytest.mark.parametrize("word", ["وأعتقد", "أعتبر"])
def test_quotes_first_person_form_viii_verb_is_no_cue(word):
    assert cue_lexicon().cue(word) is None
    assert cue_lexicon().cue(word.replace("أ", "ا")) is not None


def test_quotes_predicate_after_cue_is_no_subject():
    text = "وقال المدير حمد السالم في تعليقه على المقطع الذي نشر بحركة اعتبرت غير مقبولة : أستغرب الهجوم على الفريق."
    _, quotes = quotes_of(text, [("PERSON", "حمد السالم", ["حمد السالم"])])
    assert [q["speaker"]["name"] for q in quotes] == ["حمد السالم"]


def test_quotes_place_after_preposition_is_not_the_subject_before_a_verb():
    text = "وكان رئيس البعثة حامد الزهراني قد تحدث لوسائل الإعلام في القاهرة، أكد من خلالها أن المفاوضات ستستأنف."
    _, quotes = quotes_of(text, [("PERSON", "حامد الزهراني", ["حامد الزهراني"]), ("GPE", "القاهرة", ["القاهرة"])])
    assert [q["speaker"]["name"] for q in quotes] == ["حامد الزهراني"]


def test_quotes_impersonal_belief_after_a_noun_is_no_quote():
    text = "وقال المرصد السوري إن طائرات حربية يعتقد أنها تابعة للتحالف قصفت مواقع في الشمال."
    _, quotes = quotes_of(text, [("ORG", "المرصد السوري", ["المرصد السوري"])])
    assert [q["speaker"]["name"] for q in quotes] == ["المرصد السوري"]
    assert quotes[0]["text"].startswith("طائرات حربية يعتقد أنها")


def test_quotes_source_phrase_naming_witnesses():
    text = "قتل خمسة أشخاص في انفجار بسوق المدينة، بحسب ما ذكر الأهالي أمس."
    _, quotes = quotes_of(text)
    assert [q["speaker"]["name"] for q in quotes] == ["الأهالي"]
    assert quotes[0]["text"].startswith("قتل خمسة")


@pytest.mark.parametrize(
    "text, entities, speakers",
    [
        # the owner of a statement speaks for it
        (
            "وقال بيان لـ«الهلال الأحمر»، إن فرقه وصلت إلى المنطقة.",
            [("ORG", "الهلال الأحمر", ["الهلال الأحمر"])],
            ["الهلال الأحمر"],
        ),
        # a quoted name inside the subject phrase, then the description repeats it
        (
            'ذكرت مجلة "ميديا" الفرنسية أن الفيلم سيعرض قريبا. وأضافت المجلة أن التصوير انتهى.',
            [],
            ["مجلة ميديا الفرنسية", "مجلة ميديا الفرنسية"],
        ),
        # whom the words are about, after عن, is not who says them
        (
            "وعن المهاجم فهد المولد قال المدرب خالد العطوي للصحفيين «إنه جاهز».",
            [("PERSON", "فهد المولد", ["فهد المولد"]), ("PERSON", "خالد العطوي", ["خالد العطوي"])],
            ["خالد العطوي"],
        ),
        # after "ذلك", a لـ-word is the outlet
        (
            "أوضح ذلك لسبق مدير فرع الوزارة سعد الغامدي، مشيرا إلى أن الجولات مستمرة.",
            [("PERSON", "سعد الغامدي", ["سعد الغامدي"])],
            ["سعد الغامدي"],
        ),
    ],
)
def test_quotes_speaker_phrase_shapes(text, entities, speakers):
    _, quotes = quotes_of(text, entities)
    assert [q["speaker"]["name"] for q in quotes] == speakers


@pytest.mark.parametrize(
    "text",
    [
        "ومن أبرز مجالات التعاون التي أعلن عنها في القمة مشروع الربط الكهربائي.",
        "وأكدت المذيعة على حسابها في تويتر خبر وفاة الفنان.",
        "لا يزال المدرب يؤكد اهتمامه بضم المدافع.",
    ],
)
def test_quotes_cue_with_no_content(text):
    _, quotes = quotes_of(text)
    assert quotes == []


def test_quotes_trailing_ala_ma_source():
    text = "أغلقت السلطات الطريق الرئيسي بعد الحادث، على ما أفاد مصدر في الشرطة."
    _, quotes = quotes_of(text)
    assert [(q["speaker"]["name"], q["text"][:12]) for q in quotes] == [("مصدر في الشرطة", "أغلقت السلطا")]


def test_quotes_description_repeats_the_phrase_before_an_appositive_name():
    text = (
        "وقال عميد شؤون الطلاب، الدكتور سعد بن علي القحطاني، إن التسجيل يبدأ غدا. "
        "وأضاف عميد شؤون الطلاب أن الطلبات الورقية لن تقبل."
    )
    _, quotes = quotes_of(text, [("PERSON", "سعد بن علي القحطاني", ["سعد بن علي القحطاني"])])
    assert [q["speaker"]["name"] for q in quotes] == ["سعد بن علي القحطاني"] * 2


def test_quotes_body_is_not_the_spokesman_role():
    text = (
        "وأوضح الجيش اليمني أن القوات تقدمت في المحافظة. وقال المتحدث باسم الجيش اليمني سالم العبيدي إن المعارك مستمرة."
    )
    doc = make_doc(text, [("PERSON", "سالم العبيدي", ["سالم العبيدي"])])
    e = doc.entities[0]
    doc = doc.replace(entities=(type(e)(e.id, e.type, e.name, (), ("المتحدث باسم الجيش اليمني",), e.mentions),))
    quotes = find_quotes(doc).quotes
    assert [q.speaker.name for q in quotes] == ["الجيش اليمني", "سالم العبيدي"]


def test_quotes_cue_inside_a_lone_closer_still_reports():
    text = 'وقال المتحدث باسم الشرطة نايف المطيري إن الحادث وقع فجرا." مؤكدا أن التحقيق مستمر.'
    _, quotes = quotes_of(text, [("PERSON", "نايف المطيري", ["نايف المطيري"])])
    assert [q["speaker"]["name"] for q in quotes] == ["نايف المطيري", "نايف المطيري"]
    assert quotes[0]["text"].startswith("الحادث")


def test_quotes_student_is_no_demand():
    text = "تبرع الشاب ماجد العلي طالب السنة الثالثة بجزء من كبده لطفلة مريضة."
    _, quotes = quotes_of(text, [("PERSON", "ماجد العلي", ["ماجد العلي"])])
    assert quotes == []


def test_quotes_source_before_a_participle_attributes_the_words_before_it():
    text = "أعدم التنظيم أكثر من مئة شخص بحسب ما أكده مسؤول محلي، مشيرا إلى أن أغلبهم من الموظفين."
    _, quotes = quotes_of(text)
    assert [(q["speaker"]["name"], q["text"][:11]) for q in quotes] == [
        ("مسؤول محلي", "أعدم التنظي"),
        ("مسؤول محلي", "أغلبهم من ا"),
    ]


def test_quotes_participle_after_min_jihatihi_opening():
    text = (
        "وقال الإعلامي سامي الزهراني إن الفقيد كان محبوبا. "
        "من جهته اكتفى اللاعب السابق ماجد الشمري بالدعاء له قائلا في تغريدته «رحمه الله»."
    )
    people = [("PERSON", "سامي الزهراني", ["سامي الزهراني"]), ("PERSON", "ماجد الشمري", ["ماجد الشمري"])]
    _, quotes = quotes_of(text, people)
    assert [q["speaker"]["name"] for q in quotes] == ["سامي الزهراني", "ماجد الشمري"]


def test_quotes_bare_verb_after_title_over_a_body_goes_to_the_person():
    text = "ولا يزال مدرب نادي الاتحاد، البرتغالي فيتور بيريرا يتابع اللاعب، وأكد قبل أيام أنه لم يفقد الأمل في ضمه."
    ents = [("ORG", "نادي الاتحاد", ["نادي الاتحاد"]), ("PERSON", "فيتور بيريرا", ["فيتور بيريرا"])]
    _, quotes = quotes_of(text, ents)
    assert [q["speaker"]["name"] for q in quotes] == ["فيتور بيريرا"]


def test_quotes_unresolved_name_drops_quotation_marks():
    _, quotes = quotes_of('وذكرت صحيفة "لوموند" أن المفاوضات توقفت.')
    assert quotes[0]["speaker"]["name"] == "صحيفة لوموند"


def test_quotes_far_that_after_a_comma_leaves_the_preposition_its_content():
    text = "ونوه المدير بالجهات الخاصة التي دعمت الجمعية، ووصف المشرفون أن البرنامج ناجح."
    _, quotes = quotes_of(text)
    assert quotes[0]["text"].startswith("الجهات الخاصة")
    assert quotes[0]["speaker"]["name"] == "المدير"


def test_quotes_sabaqa_wa_anna_is_no_complementizer():
    text = "أعلن رئيس النادي عن نية الإدارة تكريم الشاعر سالم الحربي كونه سبق وأن تولى منصب النائب."
    _, quotes = quotes_of(text, [("PERSON", "سالم الحربي", ["سالم الحربي"])])
    assert [q["speaker"]["name"] for q in quotes] == ["رئيس النادي"]
    assert quotes[0]["text"].startswith("نية الإدارة")


def test_quotes_nationality_tagged_as_person_is_no_speaker():
    text = 'وقال مصدر حكومي يوناني: إن "مسألتين ما تزالان عالقتين".'
    _, quotes = quotes_of(text, [("PERSON", "يوناني", ["يوناني"])])
    assert [q["speaker"]["name"] for q in quotes] == ["مصدر حكومي يوناني"]


def test_quotes_surname_inside_a_phrase_with_another_first_name():
    text = "وتحدث الراوي محمد سليمان الدبيخي عن القصص. كما أوضح علي الدبيخي صاحب القصر أنه مبنى تراثي من الطين."
    _, quotes = quotes_of(text, [("PERSON", "محمد سليمان الدبيخي", ["محمد سليمان الدبيخي"])])
    assert [q["speaker"]["entity"] for q in quotes] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "وعثر على الحطام في حال تبين لاحقا أنه جزء من الطائرة.",
    ],
)
def test_quotes_filler_with_an_adverb_is_no_quote(text):
    _, quotes = quotes_of(text)
    assert quotes == []


def test_quotes_wasafa_with_anna_reports():
    _, quotes = quotes_of(
        "ووصف الوزير خالد الفالح أن القرار يمثل تحولا مهما.", [("PERSON", "خالد الفالح", ["خالد الفالح"])]
    )
    assert [(q["speaker"]["name"], q["text"]) for q in quotes] == [("خالد الفالح", "القرار يمثل تحولا مهما")]


@pytest.mark.parametrize(
    "text, entities, speakers",
    [
        # a participle after the cue is no subject
        (
            'قالت الوزيرة هند الزاهد إن القرار نهائي. كما أضافت مستطردة "سنراجع اللوائح قريبا".',
            [("PERSON", "هند الزاهد", ["هند الزاهد"])],
            ["هند الزاهد", "هند الزاهد"],
        ),
        # a singular participle does not continue what a dual verb reported
        (
            "وقالت الوزارة إن المتهمين اعترفا بتهريب الشحنة، مضيفة أن أحدهما تدرب في الخارج.",
            [("ORG", "الوزارة", ["الوزارة"])],
            ["الوزارة", "المتهمين", "الوزارة"],
        ),
        # the opening subject's title runs on to a name after an honorific
        (
            "من جهته، رحب الخبير في شؤون الطاقة الدكتور سامر الحسيني بالقرار معتبرا أن الخطوة مهمة.",
            [("PERSON", "سامر الحسيني", ["سامر الحسيني"])],
            ["سامر الحسيني"],
        ),
        # a quantifier with an adjective before من
        ("وأشار عدد كبير من المراجعين إلى أنهم انتظروا طويلا.", [], ["عدد كبير من المراجعين"]),
    ],
)
def test_quotes_speaker_agreement_and_phrases(text, entities, speakers):
    _, quotes = quotes_of(text, entities)
    assert [q["speaker"]["name"] for q in quotes] == speakers


@pytest.mark.parametrize(
    "text",
    [
        "وقامت الفرق بمهامها ونقل حالتين عن طريق الإسعاف الجوي.",
        "وأعلنت الجماعة مسؤوليتها عن معظم الهجمات في الأشهر الأخيرة.",
    ],
)
def test_quotes_preposition_that_belongs_elsewhere(text):
    _, quotes = quotes_of(text)
    assert quotes == []


def test_quotes_sentence_opening_cue_without_content_names_the_next_bare_verb():
    text = "أكدت هيئة الأرصاد، ما للأمطار من أهمية للمنطقة. وقالت إن الموسم سيكون ممطرا."
    _, quotes = quotes_of(text, [("ORG", "هيئة الأرصاد", ["هيئة الأرصاد"])])
    assert [q["speaker"]["name"] for q in quotes] == ["هيئة الأرصاد"]


@pytest.mark.parametrize(
    "text, entities, speakers",
    [
        # a prayer's addressee is no subject; the speaker goes on
        (
            "وقال الشيخ سعد الشثري إن الأمن نعمة. ودعا الله أن يحفظ البلاد.",
            [("PERSON", "سعد الشثري", ["سعد الشثري"])],
            ["سعد الشثري", "سعد الشثري"],
        ),
        # "كما نقلت عنها الوكالة" is a relay, not the subject
        (
            "وأكدت المتحدثة ليلى حسن أن الموقف واضح. وقالت كما نقلت عنها الوكالة «مواقفنا ثابتة».",
            [("PERSON", "ليلى حسن", ["ليلى حسن"])],
            ["ليلى حسن", "ليلى حسن"],
        ),
        # a title running on to an untagged name before the content
        ("وقالت مديرة المكتبة في الجامعة سوزان ويلز إن المخطوط نادر.", [], ["مديرة المكتبة في الجامعة سوزان ويلز"]),
        # a topic phrase before the verb is not its subject
        (
            "وقال المدرب خالد القروني إن الفريق جاهز. وعن رحيل المهاجم فهد الحمدان قال “القرار للإدارة”.",
            [("PERSON", "خالد القروني", ["خالد القروني"]), ("PERSON", "فهد الحمدان", ["فهد الحمدان"])],
            ["خالد القروني", "خالد القروني"],
        ),
    ],
)
def test_quotes_objects_relays_and_topics_are_not_subjects(text, entities, speakers):
    _, quotes = quotes_of(text, entities)
    assert [q["speaker"]["name"] for q in quotes] == speakers


def test_quotes_filler_with_an_experiencer_is_no_quote():
    text = "وذكرت الجامعة أنه تبين لباحثين من خلال الفحص أن المخطوط قديم جدا."
    _, quotes = quotes_of(text)
    assert [q["speaker"]["name"] for q in quotes] == ["الجامعة"]


def test_quotes_name_cut_after_its_connector_is_completed():
    text = "وقال رئيس النادي عبدالرحمن بن مساعد إن الفريق جاهز للمباراة."
    _, quotes = quotes_of(text, [("PERSON", "عبدالرحمن بن", ["عبدالرحمن بن"])])
    assert quotes[0]["speaker"]["name"] == "عبدالرحمن بن مساعد"


@pytest.mark.parametrize(
    "text, speakers",
    [
        (
            "وأكد المتحدث تيسير المفرج أن القرار نهائي. ودعا جميع المستفيدين إلى الإبلاغ عن المخالفات.",
            ["تيسير المفرج", "تيسير المفرج"],
        ),
        ("وأكد المتحدث تيسير المفرج أن القرار نهائي. ودعا الرئيس إلى الحوار.", ["تيسير المفرج", "الرئيس"]),
    ],
)
def test_quotes_whom_a_call_is_made_to_is_not_the_speaker(text, speakers):
    _, quotes = quotes_of(text, [("PERSON", "تيسير المفرج", ["تيسير المفرج"])])
    assert [q["speaker"]["name"] for q in quotes] == speakers


def test_quotes_ambiguous_cue_needs_its_preposition_right_after_it():
    text = "وقال المحلل جاسم الجبران إن الأسعار تراجعت، حيث يعد أسوأ أداء لخام برنت، مبينا أن الضغط كبير."
    _, quotes = quotes_of(text, [("PERSON", "جاسم الجبران", ["جاسم الجبران"])])
    assert [q["speaker"]["name"] for q in quotes] == ["جاسم الجبران", "جاسم الجبران"]


def test_quotes_description_of_a_body_whose_name_opens_with_waw():
    text = "قالت وزارة الداخلية في البحرين إن السلطات أحبطت محاولة تهريب. وقالت الوزارة إن المحتجزين اعترفا."
    _, quotes = quotes_of(text)
    assert [q["speaker"]["name"] for q in quotes][:2] == ["وزارة الداخلية في البحرين"] * 2


def test_quotes_the_statement_speaks_for_the_body_that_issued_it():
    text = "وقالت وزارة الداخلية التونسية إن قوات الأمن فككت خلية. وقال البيان إن المجموعة كانت تخطط لهجمات."
    _, quotes = quotes_of(text, [("ORG", "وزارة الداخلية التونسية", ["وزارة الداخلية التونسية"])])
    assert [q["speaker"]["name"] for q in quotes] == ["وزارة الداخلية التونسية"] * 2


def test_quotes_abra_with_anna_is_via_not_expressed():
    text = "وذكرت الجامعة أن الفحص عبر تقنية الكربون المشع أن المخطوط قديم."
    _, quotes = quotes_of(text)
    assert [q["speaker"]["name"] for q in quotes] == ["الجامعة"]
