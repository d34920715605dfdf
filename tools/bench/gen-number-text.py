#!/usr/bin/env python3
"""Writes a large, number-heavy Persian news text for `make bench-normalize`.

   gen-number-text.py MEGABYTES OUT

Sentences are built from templates holding amounts, decimals, percents, dates in the three
calendars, times, money, units, phone and card numbers, in all three digit scripts. Fixed seed,
so every run measures the same text."""
import random
import sys

FA = str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹')
AR = str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩')
rng = random.Random(1403)


def digits(s):
    r = rng.random()
    return s.translate(FA) if r < 0.7 else s.translate(AR) if r < 0.8 else s


def n(lo, hi):
    return digits(str(rng.randint(lo, hi)))


def grouped():
    return digits(f'{rng.randint(1000, 10**12):,}'.replace(',', rng.choice([',', '٬'])))


JALALI = 'فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند'.split()
GREG = 'ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر'.split()
TEMPLATES = [
    lambda: f'به گزارش خبرنگار ما، در سال {n(1380, 1403)} بیش از {n(2, 999999)} نفر در این طرح شرکت کردند.',
    lambda: f'قیمت هر دلار در بازار آزاد به {grouped()} ریال رسید و {n(1, 99)}٫{n(0, 9)} درصد افزایش یافت.',
    lambda: f'نرخ تورم نقطه به نقطه {n(10, 60)}/{n(1, 9)} درصد و تورم سالانه {n(10, 60)}٪ اعلام شد.',
    lambda: f'این نشست روز {n(1, 29)} {rng.choice(JALALI)} {n(1390, 1403)} ساعت {n(8, 20)}:{rng.randint(0, 59):02d} برگزار می‌شود.',
    lambda: f'قرارداد در تاریخ {n(1395, 1403)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d} به امضا رسید.',
    lambda: f'اجلاس در {n(1, 28)} {rng.choice(GREG)} {n(1990, 2030)} در ژنو آغاز شد و {n(5, 7)}-{n(8, 12)} روز ادامه دارد.',
    lambda: f'دمای هوا در این شهر به -{n(1, 30)} درجه و در جنوب به {n(30, 52)}°C رسید.',
    lambda: f'سرعت مجاز {n(60, 120)} km/h است و بار هر کامیون نباید از {n(10, 40)} تن و {n(100, 900)}kg بیشتر شود.',
    lambda: f'برای اطلاعات بیشتر با شماره {digits("09" + str(rng.randint(10**8, 10**9 - 1)))} تماس بگیرید.',
    lambda: f'این شرکت ${n(10, 999)} میلیون سرمایه‌گذاری کرد و {n(2, 40)}مین نمایشگاه را در {n(1, 12)} ربیع‌الاول {n(1440, 1446)} ه.ق برگزار کرد.',
    lambda: f'او {n(2, 9)} ساعت و {n(10, 59)} دقیقه در راه بود و {n(1, 9)}/{n(2, 9)} مسیر را پیاده رفت.',
    lambda: f'در دهه {rng.choice(["۶۰", "۷۰", "۸۰", "۹۰"])} تولید این کارخانه {n(100, 99999)} دستگاه در سال بود.',
]


def main():
    megabytes, out = float(sys.argv[1]), sys.argv[2]
    target = int(megabytes * 1_000_000)
    written = 0
    with open(out, 'w', encoding='utf-8') as f:
        while written < target:
            para = ' '.join(rng.choice(TEMPLATES)() for _ in range(rng.randint(3, 8))) + '\n\n'
            f.write(para)
            written += len(para.encode('utf-8'))


main()
