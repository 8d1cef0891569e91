"""Synthetic news articles for corpus tests, written for this project (no real data).

Articles are assembled from the project's own sentences with varied names, places and
figures, so a corpus of any size can be made, with exact and near copies on demand.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

PLACES = ["الرياض", "جدة", "الدمام", "مكة المكرمة", "المدينة المنورة", "أبها", "تبوك", "حائل", "القصيم", "نجران"]
TOPICS = ["الطاقة", "التعليم", "الصحة", "النقل", "الإسكان", "السياحة", "الزراعة", "المياه", "التقنية", "الرياضة"]
SENTENCES = [
    "أعلنت وزارة {topic} اليوم عن إطلاق برنامج جديد في {place} بتكلفة تبلغ {n} مليون ريال.",
    "وقال المتحدث الرسمي إن المشروع سيخدم أكثر من {n} ألف مستفيد خلال السنوات الثلاث المقبلة.",
    "وأوضح مدير عام فرع الوزارة في {place} أن العمل بدأ منذ {n} أشهر وفق جدول زمني محدد.",
    "وأشار التقرير إلى ارتفاع نسبة الإنجاز في قطاع {topic} إلى {n} في المئة مقارنة بالعام الماضي.",
    "ودعا المسؤولون المواطنين في {place} إلى التعاون مع الفرق الميدانية والإبلاغ عن أي ملاحظات.",
    "وتأتي هذه الخطوة ضمن خطة شاملة لتطوير قطاع {topic} ورفع كفاءة الخدمات المقدمة.",
    "وبين أن الميزانية المخصصة للمرحلة الثانية تصل إلى {n} مليون ريال وتشمل {place} والمحافظات التابعة لها.",
    "من جهته أكد رئيس اللجنة أن النتائج الأولية مشجعة وأن التقييم النهائي سيصدر بعد {n} أسابيع.",
    "وشهدت {place} خلال الأسبوع الماضي ورشة عمل حضرها {n} مختصا في مجال {topic}.",
    "ولفت إلى أن الجهات المعنية ستتابع التنفيذ وتنشر تقارير دورية عن سير العمل في {place}.",
    "وأضاف أن التعاون مع القطاع الخاص أسهم في خفض التكاليف بنسبة {n} في المئة.",
    "ويتوقع المختصون أن ينعكس البرنامج إيجابا على سوق العمل في {place} وعلى قطاع {topic} عموما.",
]


def article(rng: random.Random, sentences: int = 8) -> str:
    lines = []
    for template in rng.sample(SENTENCES, sentences):
        lines.append(template.format(place=rng.choice(PLACES), topic=rng.choice(TOPICS), n=rng.randint(2, 9999)))
    # two sentences a paragraph, as outlets print them
    return "\n".join(" ".join(lines[i : i + 2]) for i in range(0, len(lines), 2))


def lightly_edited(text: str, rng: random.Random) -> str:
    """A copy as another outlet runs it: one word changed, a closing line added."""
    words = text.split(" ")
    i = rng.randrange(len(words))
    words[i] = words[i] + "ا" if len(words[i]) > 3 else words[i]
    return " ".join(words) + "\nوكانت الوزارة قد أعلنت عن البرنامج في وقت سابق."


def write_corpus(folder: Path, n: int, seed: int = 7, copies: int = 0, files: int = 1) -> list[dict]:
    """``n`` articles as JSONL files under ``folder``; ``copies`` of them reappear lightly
    edited at another outlet. Returns the records written."""
    rng = random.Random(seed)
    outlets = ["wakala", "sahifa", "jarida", "akhbar"]
    records = []
    for k in range(n):
        records.append(
            {
                "title": f"خبر رقم {k} عن {rng.choice(TOPICS)}",
                "content": article(rng),
                "source": rng.choice(outlets),
                "date_extracted": f"2015-08-{1 + k % 28:02d}",
                "url": f"http://example.org/a/{k}",
            }
        )
    for k in range(copies):
        original = records[k]
        records.append(
            {
                **original,
                "content": lightly_edited(original["content"], rng),
                "source": "copier",
                "url": f"http://copier.example.org/{k}",
            }
        )
    folder.mkdir(parents=True, exist_ok=True)
    per_file = -(-len(records) // files)
    for f in range(files):
        with open(folder / f"part-{f:02d}.jsonl", "w", encoding="utf-8") as out:
            for r in records[f * per_file : (f + 1) * per_file]:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return records
