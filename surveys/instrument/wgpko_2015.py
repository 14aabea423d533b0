"""The questionnaire of the Working Group on Peacekeeping Operations' ninth thematic
discussion, 11 December 2015 (S/2015/1042): "Towards a strategic dialogue among the
Security Council, troop- and police-contributing countries and the Secretariat".

One group per discussion question (``q1`` … ``q6``, worded as in the concept note's
"Challenges and questions for discussion", English working translation and the
Chinese original), each with closed items that can be compared across respondent
groups and a free comment. This module is the human-readable definition; the package
builds the :class:`~surveys.model.Instrument` from it.
"""
from __future__ import annotations

import datetime as dt

FORM_ID = "wgpko_2015_triangular"
VERSION = "2015.1"
REFERENCE_DATE = dt.date(2015, 12, 11)
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "zh")

TITLE = {
    "en": "Towards a strategic dialogue among the Security Council, troop- and police-contributing "
          "countries and the Secretariat (S/2015/1042)",
    "zh": "争取建立安全理事会、部队和警察派遣国及秘书处之间的战略对话（S/2015/1042）",
}

#: The six questions of S/2015/1042 (English working translation; Chinese original).
QUESTIONS = {
    "q1": {"en": "How do Security Council members assess current consultation practice? How can Council "
                 "members engage more actively with TCCs/PCCs?",
           "zh": "安全理事会成员对现行的磋商做法评价怎样？安理会成员如何更积极地与部队和警察派遣国进行接触？"},
    "q2": {"en": "What challenges stand in the way of a more inclusive, meaningful and substantive "
                 "triangular dialogue?",
           "zh": "开展更加包容、有意义和实质性的三方对话面临哪些挑战？"},
    "q3": {"en": "How should triangular dialogue on new mandates differ from dialogue on existing mandates? "
                 "When should dialogue on a new mandate begin?",
           "zh": "关于新任务的三方对话应以何种方式区别于关于现有任务的对话？关于新任务的对话应在何时开始？"},
    "q4": {"en": "Can the elected (non-permanent) members of the Council play a greater role in promoting "
                 "triangular discussion?",
           "zh": "安全理事会非常任理事国能在促进三角讨论中发挥更大的作用吗？"},
    "q5": {"en": "How does the format of a meeting affect the nature of the dialogue? What are the benefits "
                 "of formal versus informal meetings, and of expert-level versus permanent-representative-"
                 "level meetings?",
           "zh": "会议的形式如何影响到对话的性质？正式会议相较于非正式会议，专家会议相较于常驻代表会议有何益处？"},
    "q6": {"en": "How can informal initiatives be sustained and institutionalised?",
           "zh": "非正式举措如何才能得以持续和制度化？"},
}

_DONT_KNOW = ("dk", "Don't know", "不知道", True)

#: Choice lists: (name, English, Chinese[, missing]). Ordinal scales run 1 (lowest) … 5.
CHOICE_LISTS = {
    "quality5": [("1", "Very poor", "很差"), ("2", "Poor", "较差"), ("3", "Fair", "一般"),
                 ("4", "Good", "较好"), ("5", "Very good", "很好")],
    "agree5": [("1", "Strongly disagree", "非常不同意"), ("2", "Disagree", "不同意"),
               ("3", "Neither agree nor disagree", "既不同意也不反对"), ("4", "Agree", "同意"),
               ("5", "Strongly agree", "非常同意"), _DONT_KNOW],
    "severity5": [("1", "Not a challenge", "不构成挑战"), ("2", "A minor challenge", "轻微挑战"),
                  ("3", "A moderate challenge", "中等挑战"), ("4", "A serious challenge", "严重挑战"),
                  ("5", "A very serious challenge", "非常严重的挑战")],
    "effective5": [("1", "Not at all effective", "完全无效"), ("2", "Slightly effective", "略有成效"),
                   ("3", "Moderately effective", "比较有效"), ("4", "Very effective", "非常有效"),
                   ("5", "Extremely effective", "极其有效"), _DONT_KNOW],
    "start_stage": [
        ("1", "Before the strategic assessment", "在战略评估之前"),
        ("2", "During the conflict or strategic assessment", "在冲突评估或战略评估期间"),
        ("3", "After the Secretary-General's report, before the Council deliberates",
         "秘书长报告发布之后、安理会审议之前"),
        ("4", "During negotiation of the resolution", "在决议谈判期间"),
        ("5", "After the mission is authorised", "在特派团获得授权之后")],
    "channels": [
        ("formal_meetings", "Formal meetings with TCCs/PCCs", "与部队和警察派遣国的正式会议"),
        ("informal_dialogues", "Informal interactive dialogues on specific missions",
         "关于具体特派团的非正式互动对话"),
        ("wg_discussions", "Discussions of the Working Group on Peacekeeping Operations", "维持和平行动工作组的讨论"),
        ("field_visits", "Council field visits", "安理会实地访问"),
        ("secretariat_briefings", "Secretariat briefings and consultations", "秘书处的通报和磋商"),
        ("penholder_bilaterals", "Bilateral contacts with penholders", "与执笔国的双边接触")],
    "challenges": [
        ("late_timing", "Consultations come too late to influence decisions", "磋商时间太晚，无法影响决定"),
        ("formality", "Meetings are formal and scripted", "会议过于正式、照本宣科"),
        ("information_gaps", "Information is insufficient or arrives late", "信息不足或提供过晚"),
        ("council_participation", "Council members take little part", "安理会成员参与有限"),
        ("no_follow_up", "Views expressed receive no follow-up", "所表达的意见没有得到后续落实"),
        ("restricted_invitations", "Invitations are limited to some contributors", "邀请范围仅限于部分派遣国"),
        ("mission_capacity", "Permanent missions have limited capacity", "常驻代表团能力有限"),
        ("language", "Language barriers", "语言障碍")],
    "e10_roles": [
        ("host_dialogues", "Host informal dialogues on specific missions", "主持关于具体特派团的非正式对话"),
        ("co_penholding", "Act as co-penholders on mandates", "担任任务授权的共同执笔国"),
        ("chair_working_group", "Chair the Working Group on Peacekeeping Operations", "担任维持和平行动工作组主席"),
        ("share_drafts", "Share draft resolutions with TCCs/PCCs early", "及早与部队和警察派遣国分享决议草案"),
        ("regional_outreach", "Reach out to regional groups", "对各区域集团开展外联")],
    "formats": [("formal", "Formal meetings", "正式会议"), ("informal", "Informal meetings", "非正式会议"),
                ("combination", "A combination of both", "两者结合")],
    "mechanisms": [
        ("presidential_note", "A note by the President of the Security Council", "安全理事会主席说明"),
        ("standing_calendar", "A standing calendar of consultations tied to mandate cycles",
         "与任务周期挂钩的固定磋商日程"),
        ("wg_follow_up", "Follow-up by the Working Group on Peacekeeping Operations", "由维持和平行动工作组开展后续行动"),
        ("c34_reports", "Recommendations in the reports of the Special Committee on Peacekeeping Operations (C-34)",
         "维持和平行动特别委员会（C-34）报告中的建议"),
        ("annual_review", "An annual review of triangular cooperation", "三方合作年度审查")],
}

#: What each ordinal choice list measures (the XLSForm ``scale`` column). The start of
#: dialogue is a sequence of stages in time, not an opinion: it is read as a distribution
#: and a median stage, never as a share "agreeing".
SCALES = {"quality5": "quality", "agree5": "agreement", "severity5": "severity", "effective5": "effectiveness",
          "start_stage": "sequence"}

_ALL = ("Select all that apply.", "可多选。")
_COMMENT = ("Comments (optional)", "意见（可选）")

#: Items: (question, name, type, list, measure, (English, Chinese)[, hint (English, Chinese)]).
ITEMS = [
    ("q1", "q1_overall", "select_one", "quality5", "ordinal",
     ("Overall, how do you rate current consultation among the Council, TCCs/PCCs and the Secretariat?",
      "总体而言，您如何评价安理会、部队和警察派遣国与秘书处之间现行的磋商？")),
    ("q1", "q1_timely", "select_one", "agree5", "ordinal",
     ("Consultations take place early enough to influence the Council's decisions.",
      "磋商进行得足够早，能够影响安理会的决定。")),
    ("q1", "q1_views_reflected", "select_one", "agree5", "ordinal",
     ("The Council takes the views of TCCs/PCCs into account.", "安理会考虑了部队和警察派遣国的意见。")),
    ("q1", "q1_channels", "select_multiple", "channels", None,
     ("Through which channels should Council members engage more actively with TCCs/PCCs?",
      "安理会成员应通过哪些渠道更积极地与部队和警察派遣国接触？"), _ALL),
    ("q1", "q1_comment", "text", None, None, _COMMENT),
    ("q2", "q2_challenges", "select_multiple", "challenges", None,
     ("Which challenges stand in the way of a more inclusive, meaningful and substantive triangular dialogue?",
      "哪些挑战阻碍了更加包容、有意义和实质性的三方对话？"), _ALL),
    ("q2", "q2_severity", "select_one", "severity5", "ordinal",
     ("Taken together, how serious are these challenges?", "总体而言，这些挑战有多严重？")),
    ("q2", "q2_comment", "text", None, None, _COMMENT),
    ("q3", "q3_start", "select_one", "start_stage", "ordinal",
     ("When should triangular dialogue on a new mandate begin?", "关于新任务的三方对话应在何时开始？")),
    ("q3", "q3_differ", "select_one", "agree5", "ordinal",
     ("Dialogue on new mandates should differ in format from dialogue on mandate renewals.",
      "关于新任务的对话在形式上应有别于关于任务延期的对话。")),
    ("q3", "q3_conditional_pledges", "select_one", "agree5", "ordinal",
     ("Conditional pledges of capabilities should be sought before a mission is authorised.",
      "应在特派团获得授权之前寻求有条件的能力认捐。")),
    ("q3", "q3_comment", "text", None, None, _COMMENT),
    ("q4", "q4_e10_role", "select_one", "agree5", "ordinal",
     ("The elected members of the Council can play a greater role in promoting triangular dialogue.",
      "安理会非常任理事国能够在促进三方对话方面发挥更大的作用。")),
    ("q4", "q4_roles", "select_multiple", "e10_roles", None,
     ("Which roles should elected members take on?", "非常任理事国应承担哪些角色？"), _ALL),
    ("q4", "q4_comment", "text", None, None, _COMMENT),
    ("q5", "q5_formal_meetings", "select_one", "effective5", "ordinal",
     ("How effective are formal meetings with TCCs/PCCs?", "与部队和警察派遣国的正式会议效果如何？")),
    ("q5", "q5_informal_dialogues", "select_one", "effective5", "ordinal",
     ("How effective are informal interactive dialogues?", "非正式互动对话效果如何？")),
    ("q5", "q5_expert_level", "select_one", "effective5", "ordinal",
     ("How effective are expert-level meetings?", "专家级会议效果如何？")),
    ("q5", "q5_pr_level", "select_one", "effective5", "ordinal",
     ("How effective are meetings at the level of permanent representatives?", "常驻代表级会议效果如何？")),
    ("q5", "q5_secretariat_briefings", "select_one", "effective5", "ordinal",
     ("How effective are Secretariat briefings?", "秘书处的通报效果如何？")),
    ("q5", "q5_preferred_format", "select_one", "formats", "nominal",
     ("Which format best serves triangular dialogue?", "哪种形式最有利于三方对话？")),
    ("q5", "q5_comment", "text", None, None, _COMMENT),
    ("q6", "q6_institutionalize", "select_one", "agree5", "ordinal",
     ("Informal initiatives, such as the interactive dialogues, should be institutionalised.",
      "互动对话等非正式举措应当制度化。")),
    ("q6", "q6_mechanisms", "select_multiple", "mechanisms", None,
     ("Which mechanisms would help sustain informal initiatives?", "哪些机制有助于使非正式举措得以持续？"), _ALL),
    ("q6", "q6_first_step", "select_one", "mechanisms", "nominal",
     ("Which of these mechanisms should come first?", "这些机制中应首先采用哪一项？")),
    ("q6", "q6_comment", "text", None, None, _COMMENT),
]
