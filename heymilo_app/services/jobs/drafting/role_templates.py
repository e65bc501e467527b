"""A small built-in library of role templates the draft generator starts from.

Each template is what a good recruiter would ask for the role: requirements, eligibility
questions with sensible dealbreakers, conversational questions, a task, and rubrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RoleTemplate:
    """Everything the generator needs to draft an interview for one kind of role."""

    key: str
    title: str
    # Words in a job description that point to this role.
    keywords: tuple[str, ...]
    must_have: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    min_years: int | None
    education: str
    # (prompt, kind, options) of role-specific form questions besides eligibility.
    form_questions: tuple[tuple[str, str, tuple[str, ...]], ...]
    sms_questions: tuple[str, ...]
    voice_questions: tuple[str, ...]
    assessment_brief: str
    assessment_deliverable: str
    # (name, low, high) of the conversation rubric.
    voice_rubric: tuple[tuple[str, str, str], ...] = field(default=())


SHIFTS = ("Mornings", "Afternoons", "Evenings", "Weekends")

TEMPLATES: dict[str, RoleTemplate] = {
    t.key: t
    for t in (
        RoleTemplate(
            key="customer_support",
            title="Customer Support Specialist",
            keywords=(
                "customer",
                "support",
                "service",
                "tickets",
                "helpdesk",
                "zendesk",
                "client",
                "chat",
                "call center",
                "csat",
            ),
            must_have=("customer support", "written communication"),
            nice_to_have=("Zendesk", "Salesforce", "Spanish"),
            min_years=1,
            education="",
            form_questions=(
                ("Which shifts can you work?", "multiple_choice", SHIFTS),
                ("When could you start?", "date", ()),
            ),
            sms_questions=(
                "Tell us about a time you turned an unhappy customer around. What did you do?",
                "How do you keep track of many open tickets at once?",
            ),
            voice_questions=(
                "Walk me through how you handle a customer whose problem you cannot solve "
                "right away.",
                "Tell me about feedback from a customer that changed how you work.",
                "How do you decide when to escalate an issue to another team?",
            ),
            assessment_brief="A customer writes that they were charged twice this month and "
            "are angry. Use the AI assistant to draft a reply to the customer and a short "
            "internal note for the billing team.",
            assessment_deliverable="The reply to the customer and the internal note.",
            voice_rubric=(
                ("Empathy", "Dismissive or scripted.", "Acknowledges feelings and owns the fix."),
                ("Problem solving", "No clear approach.", "Diagnoses, acts and follows up."),
                ("Communication", "Unclear.", "Clear, calm and specific."),
            ),
        ),
        RoleTemplate(
            key="sales",
            title="Sales Development Representative",
            keywords=(
                "sales",
                "quota",
                "pipeline",
                "prospect",
                "outbound",
                "sdr",
                "bdr",
                "account executive",
                "crm",
                "leads",
                "cold",
            ),
            must_have=("outbound prospecting", "CRM"),
            nice_to_have=("Salesforce", "HubSpot", "SaaS"),
            min_years=1,
            education="",
            form_questions=(
                ("What is your expected base salary (per year)?", "number", ()),
                ("When could you start?", "date", ()),
            ),
            sms_questions=(
                "What is the best cold outreach message you have sent, and why did it work?",
                "How do you handle a prospect who says they have no budget?",
            ),
            voice_questions=(
                "Tell me about a quarter where you missed your target. What did you change?",
                "Pitch me a product you use every day in under a minute.",
                "How do you research an account before the first call?",
            ),
            assessment_brief="You are prospecting a 200-person logistics company. Use the AI "
            "assistant to research the likely pains of its operations manager and write a "
            "three-step outreach sequence.",
            assessment_deliverable="A three-email outreach sequence with subject lines.",
            voice_rubric=(
                ("Persuasion", "Generic pitch.", "Tailored, value-led and concise."),
                ("Resilience", "Gives up on objections.", "Handles objections constructively."),
                ("Preparation", "No research.", "Specific research drives the approach."),
            ),
        ),
        RoleTemplate(
            key="software_engineer",
            title="Software Engineer",
            keywords=(
                "software",
                "engineer",
                "developer",
                "python",
                "javascript",
                "backend",
                "frontend",
                "api",
                "code",
                "programming",
                "react",
                "sql",
            ),
            must_have=("Python", "SQL"),
            nice_to_have=("Docker", "AWS", "React"),
            min_years=2,
            education="",
            form_questions=(
                (
                    "Which of these have you used in production?",
                    "multiple_choice",
                    ("Python", "JavaScript/TypeScript", "SQL databases", "Cloud (AWS/GCP/Azure)"),
                ),
                ("What is your notice period, in weeks?", "number", ()),
            ),
            sms_questions=(
                "What is a bug you are proud of finding? How did you track it down?",
                "How do you decide when code is ready to ship?",
            ),
            voice_questions=(
                "Describe a system you built end to end. What would you do differently now?",
                "Tell me about a disagreement over a technical decision and how it ended.",
                "How do you make a slow database query fast?",
            ),
            assessment_brief="A service endpoint that returns a user's orders takes 4 seconds. "
            "Use the AI assistant to find likely causes from the code and query plan we give "
            "you, and propose a fix with a test.",
            assessment_deliverable="The fix, a test that proves it, and a short explanation.",
            voice_rubric=(
                ("Technical depth", "Surface-level.", "Explains trade-offs with specifics."),
                ("Ownership", "Blames others.", "Owns outcomes and learns from them."),
                ("Communication", "Hard to follow.", "Structured and precise."),
            ),
        ),
        RoleTemplate(
            key="warehouse",
            title="Warehouse Associate",
            keywords=(
                "warehouse",
                "forklift",
                "picking",
                "packing",
                "logistics",
                "inventory",
                "shipping",
                "receiving",
                "fulfillment",
                "loading",
            ),
            must_have=("warehouse operations",),
            nice_to_have=("forklift certification", "inventory systems"),
            min_years=None,
            education="",
            form_questions=(
                ("Can you lift up to 50 lb (23 kg) repeatedly during a shift?", "yes_no", ()),
                ("Which shifts can you work?", "multiple_choice", SHIFTS),
                ("Do you have a forklift certification?", "yes_no", ()),
            ),
            sms_questions=(
                "How do you stay accurate when you are picking orders quickly?",
                "Tell us about a time you noticed a safety problem at work. What did you do?",
            ),
            voice_questions=(
                "What does a good shift look like for you?",
                "How do you handle a day when the team is short-staffed?",
            ),
            assessment_brief="Twelve orders must ship by 3 pm but three items are out of stock. "
            "Use the AI assistant to plan the picking order and write a short message to the "
            "shift lead.",
            assessment_deliverable="The picking plan and the message to the shift lead.",
            voice_rubric=(
                ("Safety awareness", "Ignores hazards.", "Spots and reports hazards."),
                ("Reliability", "Vague about attendance.", "Concrete record of reliability."),
                ("Teamwork", "Works alone.", "Helps the team hit its targets."),
            ),
        ),
        RoleTemplate(
            key="nurse",
            title="Registered Nurse",
            keywords=(
                "nurse",
                "nursing",
                "patient",
                "clinical",
                "rn",
                "hospital",
                "care",
                "medication",
                "bls",
                "icu",
            ),
            must_have=("registered nurse license", "patient care"),
            nice_to_have=("BLS certification", "ACLS certification", "EHR systems"),
            min_years=1,
            education="Nursing degree (ADN or BSN)",
            form_questions=(
                ("Do you hold an active registered nurse license?", "yes_no", ()),
                (
                    "Which shifts can you work?",
                    "multiple_choice",
                    ("Days", "Nights", "Weekends", "On call"),
                ),
            ),
            sms_questions=(
                "How do you prioritize when several patients need you at once?",
                "Tell us about a time you caught an error before it reached a patient.",
            ),
            voice_questions=(
                "Walk me through how you handle a patient whose condition suddenly worsens.",
                "How do you support a family member who is upset about a patient's care?",
            ),
            assessment_brief="You receive a shift handover for four patients. Use the AI "
            "assistant to turn the notes into a prioritized care plan for your shift.",
            assessment_deliverable="A prioritized care plan with the reasons for the order.",
            voice_rubric=(
                ("Clinical judgment", "Unsafe or unclear.", "Safe, prioritized, evidence-based."),
                ("Compassion", "Detached.", "Patient- and family-centered."),
                ("Communication", "Unclear handovers.", "Clear, structured communication."),
            ),
        ),
    )
}
GENERAL = RoleTemplate(
    key="general",
    title="General role",
    keywords=(),
    must_have=(),
    nice_to_have=(),
    min_years=None,
    education="",
    form_questions=(("When could you start?", "date", ()),),
    sms_questions=(
        "What drew you to this role?",
        "Tell us about an accomplishment at work you are proud of.",
    ),
    voice_questions=(
        "Walk me through your most relevant experience for this role.",
        "Tell me about a difficult problem you solved at work.",
        "What would you want to learn in your first three months here?",
    ),
    assessment_brief="Use the AI assistant to plan your first two weeks in this role: what you "
    "would learn, who you would meet and what you would deliver.",
    assessment_deliverable="A two-week plan with goals and how you would measure them.",
)

SKILL_VOCABULARY: tuple[str, ...] = (
    "Python",
    "Java",
    "JavaScript",
    "TypeScript",
    "Go",
    "Rust",
    "C#",
    "C++",
    "SQL",
    "PostgreSQL",
    "MySQL",
    "React",
    "Vue",
    "Angular",
    "Node.js",
    "Django",
    "Flask",
    "FastAPI",
    "Docker",
    "Kubernetes",
    "AWS",
    "GCP",
    "Azure",
    "Terraform",
    "Git",
    "Linux",
    "Excel",
    "Tableau",
    "Power BI",
    "Salesforce",
    "HubSpot",
    "Zendesk",
    "Intercom",
    "Freshdesk",
    "Jira",
    "SAP",
    "QuickBooks",
    "Spanish",
    "French",
    "German",
    "Portuguese",
    "Mandarin",
    "forklift",
    "customer support",
    "customer service",
    "ticketing system",
    "CRM",
    "cold calling",
    "outbound prospecting",
    "account management",
    "project management",
    "Agile",
    "Scrum",
    "BLS",
    "ACLS",
    "EHR",
    "patient care",
    "inventory management",
    "data analysis",
    "machine learning",
    "copywriting",
    "SEO",
    "Figma",
    "Photoshop",
    "bookkeeping",
)
