"""How much a document is about US–China technology competition, in [0, 1].

Three signals, each saturating: both sides present (a US actor and a Chinese one), technology
vocabulary, and competition or restriction vocabulary. A document needs all three to score high;
any two put it near the 0.5 line.
"""

from __future__ import annotations

import re

_US = re.compile(
    r"\b(U\.S\.|US|USA|United States|America|American|Americans|Washington|Biden|Trump|"
    r"Commerce Department|Department of Commerce|BIS|Congress|White House|Senate|FCC|USTR)\b"
)
_CN = re.compile(
    r"\b(China|Chinese|PRC|Beijing|Huawei|SMIC|ZTE|TikTok|ByteDance|Xi Jinping|MOFCOM|CCP|"
    r"Alibaba|Tencent|Baidu|DeepSeek)\b"
)
_TECH = re.compile(
    r"\b(chips?|semiconductors?|AI|artificial intelligence|technolog(y|ies)|tech|processors?|"
    r"5G|telecom\w*|quantum|supercomput\w+|lithography|fabs?|chipmak\w+|software|data|"
    r"networks?|smartphones?|apps?|gallium|germanium|rare earths?|DRAM|GPUs?)\b",
    re.IGNORECASE,
)
_CONTEST = re.compile(
    r"\b(export controls?|restrict\w*|ban\w*|sanction\w*|blacklist\w*|Entity List|tariffs?|"
    r"compet\w+|rival\w*|national security|curb\w*|espionage|self-relian\w+|decoupl\w+|"
    r"supply chains?|subsid\w+|dominan\w+|investigation|subpoena\w*)\b",
    re.IGNORECASE,
)


def _saturate(count: int, full: int) -> float:
    return min(1.0, count / full)


def relevance(text: str) -> float:
    us = _saturate(len(_US.findall(text)), 1)
    cn = _saturate(len(_CN.findall(text)), 1)
    tech = _saturate(len(_TECH.findall(text)), 2)
    contest = _saturate(len(_CONTEST.findall(text)), 2)
    sides = (us + cn) / 2 if us and cn else 0.35 * max(us, cn)
    score = 0.4 * sides + 0.3 * tech + 0.3 * contest
    return round(min(1.0, score), 3)
