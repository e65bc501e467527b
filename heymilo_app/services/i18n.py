"""Translation catalogs for every fixed text a candidate sees.

Candidate pages, previews and default message templates take their words from here in the
organization's language, never from English literals in the pages. ``t(lang, key, **values)``
falls back to English for a key a catalog lacks.
"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "pt": "Português",
}
DEFAULT_LANGUAGE = "en"

# Voices of the AI interviewer on calls (Amazon Polly voices as Twilio names them), per language;
# the first is the default.
VOICES: dict[str, dict[str, str]] = {
    "en": {
        "Polly.Joanna": "Joanna (US, female)",
        "Polly.Matthew": "Matthew (US, male)",
        "Polly.Amy": "Amy (British, female)",
        "Polly.Brian": "Brian (British, male)",
    },
    "es": {
        "Polly.Lupe": "Lupe (US Spanish, female)",
        "Polly.Lucia": "Lucía (Castilian, female)",
        "Polly.Enrique": "Enrique (Castilian, male)",
    },
    "fr": {
        "Polly.Lea": "Léa (French, female)",
        "Polly.Mathieu": "Mathieu (French, male)",
        "Polly.Chantal": "Chantal (Canadian French, female)",
    },
    "de": {
        "Polly.Vicki": "Vicki (German, female)",
        "Polly.Hans": "Hans (German, male)",
        "Polly.Marlene": "Marlene (German, female)",
    },
    "pt": {
        "Polly.Camila": "Camila (Brazilian, female)",
        "Polly.Ricardo": "Ricardo (Brazilian, male)",
        "Polly.Ines": "Inês (European, female)",
    },
}

CATALOGS: dict[str, dict[str, str]] = {
    "en": {
        "welcome_heading": "Hi {first_name}, welcome to your interview",
        "hiring_for": "{company} is hiring for {job}.",
        "whats_ahead": "What is ahead",
        "ai_disclosure": (
            "An AI will ask you questions and score your answers against the role's "
            "requirements; a person makes the hiring decision. Your answers are judged on what "
            "you say and write, never on your voice, face or appearance."
        ),
        "start": "Start",
        "continue": "Continue",
        "submit": "Submit",
        "required": "Required",
        "optional": "Optional",
        "yes": "Yes",
        "no": "No",
        "choose": "Choose…",
        "stage_resume": "Resume",
        "stage_form": "Form",
        "stage_sms": "Text messages",
        "stage_voice": "Voice/Video",
        "stage_assessment": "Assessment",
        "duration_resume": "Instant",
        "duration_form": "2–5 min",
        "duration_sms": "At your pace",
        "duration_voice": "10–20 min",
        "duration_assessment": "20–30 min",
        "about_resume": "Upload or paste your resume; it is screened at once.",
        "about_form": "A short questionnaire about your eligibility.",
        "about_sms": "Answer a few questions by text message.",
        "about_voice": "A conversation with the AI interviewer, by phone or in the browser.",
        "about_assessment": "Work through a task with an AI assistant to produce a deliverable.",
        "resume_upload": "Upload your resume (PDF, DOCX or TXT, up to 10 MB)",
        "resume_paste": "Or paste the text of your resume",
        "sms_expect": "We will text you the first question. Reply whenever suits you.",
        "voice_phone": "We will call you on your phone number for this conversation.",
        "voice_browser_voice": "The conversation happens here in your browser; it will ask to "
        "use your microphone.",
        "voice_browser_video": "The conversation happens here in your browser; it will ask to "
        "use your microphone and camera.",
        "voice_first_question": "The first question",
        "assessment_task": "Your task",
        "assessment_deliverable": "What you hand in",
        "assessment_time": "Time limit: {minutes} minutes",
        "link_unknown_title": "This interview link is not valid",
        "link_unknown_text": "Check that you opened the whole link from your invitation, or ask "
        "the recruiter for a new one.",
        "link_expired_title": "This interview link has expired",
        "link_expired_text": "Ask the recruiter to extend your invitation; your answers so far "
        "are kept.",
        "link_withdrawn_title": "This application was withdrawn",
        "link_withdrawn_text": "If that is a mistake, contact the recruiter who invited you.",
        "link_finished_title": "This interview is finished",
        "link_finished_text": "Thank you for your time. The hiring team will be in touch.",
        "sms_help": "{org} interviews: reply STOP to stop texts, START to resume. Questions: "
        "reply here or email {email}.",
        "sms_stopped": "{org} interviews: you will get no more texts from us. Reply START to "
        "resume.",
        "sms_started": "{org} interviews: texts are on again. Reply STOP to stop, HELP for help.",
    },
    "es": {
        "welcome_heading": "Hola {first_name}, bienvenido a tu entrevista",
        "hiring_for": "{company} busca personal para el puesto de {job}.",
        "whats_ahead": "Lo que viene",
        "ai_disclosure": (
            "Una IA te hará preguntas y puntuará tus respuestas según los requisitos del puesto; "
            "una persona toma la decisión de contratación. Se valora lo que dices y escribes, "
            "nunca tu voz, tu cara ni tu apariencia."
        ),
        "start": "Empezar",
        "continue": "Continuar",
        "submit": "Enviar",
        "required": "Obligatorio",
        "optional": "Opcional",
        "yes": "Sí",
        "no": "No",
        "choose": "Elige…",
        "stage_resume": "Currículum",
        "stage_form": "Formulario",
        "stage_sms": "Mensajes de texto",
        "stage_voice": "Voz/Vídeo",
        "stage_assessment": "Evaluación",
        "duration_resume": "Al instante",
        "duration_form": "2–5 min",
        "duration_sms": "A tu ritmo",
        "duration_voice": "10–20 min",
        "duration_assessment": "20–30 min",
        "about_resume": "Sube o pega tu currículum; se revisa al instante.",
        "about_form": "Un breve cuestionario sobre tu elegibilidad.",
        "about_sms": "Responde unas preguntas por mensaje de texto.",
        "about_voice": "Una conversación con el entrevistador de IA, por teléfono o en el "
        "navegador.",
        "about_assessment": "Resuelve una tarea con un asistente de IA para obtener un entregable.",
        "resume_upload": "Sube tu currículum (PDF, DOCX o TXT, hasta 10 MB)",
        "resume_paste": "O pega el texto de tu currículum",
        "sms_expect": "Te enviaremos la primera pregunta por SMS. Responde cuando te vaya bien.",
        "voice_phone": "Te llamaremos a tu número de teléfono para esta conversación.",
        "voice_browser_voice": "La conversación se hace aquí, en tu navegador; te pedirá usar el "
        "micrófono.",
        "voice_browser_video": "La conversación se hace aquí, en tu navegador; te pedirá usar el "
        "micrófono y la cámara.",
        "voice_first_question": "La primera pregunta",
        "assessment_task": "Tu tarea",
        "assessment_deliverable": "Lo que entregas",
        "assessment_time": "Tiempo límite: {minutes} minutos",
        "link_unknown_title": "Este enlace de entrevista no es válido",
        "link_unknown_text": "Comprueba que abriste el enlace completo de tu invitación o pide "
        "uno nuevo al reclutador.",
        "link_expired_title": "Este enlace de entrevista ha caducado",
        "link_expired_text": "Pide al reclutador que amplíe tu invitación; tus respuestas se "
        "conservan.",
        "link_withdrawn_title": "Esta candidatura se retiró",
        "link_withdrawn_text": "Si es un error, contacta con el reclutador que te invitó.",
        "link_finished_title": "Esta entrevista ha terminado",
        "link_finished_text": "Gracias por tu tiempo. El equipo de selección se pondrá en "
        "contacto contigo.",
        "sms_help": "Entrevistas de {org}: responde STOP para dejar de recibir mensajes y "
        "START para reanudarlos. ¿Dudas? Responde aquí o escribe a {email}.",
        "sms_stopped": "Entrevistas de {org}: no te enviaremos más mensajes. Responde START para "
        "reanudarlos.",
        "sms_started": "Entrevistas de {org}: vuelves a recibir mensajes. Responde STOP para "
        "dejarlos o HELP para obtener ayuda.",
    },
    "fr": {
        "welcome_heading": "Bonjour {first_name}, bienvenue à votre entretien",
        "hiring_for": "{company} recrute pour le poste de {job}.",
        "whats_ahead": "Les étapes",
        "ai_disclosure": (
            "Une IA vous posera des questions et notera vos réponses au regard des exigences du "
            "poste ; une personne prend la décision d'embauche. Seul ce que vous dites et écrivez "
            "compte, jamais votre voix, votre visage ou votre apparence."
        ),
        "start": "Commencer",
        "continue": "Continuer",
        "submit": "Envoyer",
        "required": "Obligatoire",
        "optional": "Facultatif",
        "yes": "Oui",
        "no": "Non",
        "choose": "Choisir…",
        "stage_resume": "CV",
        "stage_form": "Formulaire",
        "stage_sms": "SMS",
        "stage_voice": "Voix/Vidéo",
        "stage_assessment": "Mise en situation",
        "duration_resume": "Immédiat",
        "duration_form": "2–5 min",
        "duration_sms": "À votre rythme",
        "duration_voice": "10–20 min",
        "duration_assessment": "20–30 min",
        "about_resume": "Déposez ou collez votre CV ; il est analysé aussitôt.",
        "about_form": "Un court questionnaire sur votre éligibilité.",
        "about_sms": "Répondez à quelques questions par SMS.",
        "about_voice": "Un échange avec l'IA qui mène l'entretien, par téléphone ou dans le "
        "navigateur.",
        "about_assessment": "Réalisez une tâche avec un assistant IA pour produire un livrable.",
        "resume_upload": "Déposez votre CV (PDF, DOCX ou TXT, 10 Mo au plus)",
        "resume_paste": "Ou collez le texte de votre CV",
        "sms_expect": "Nous vous enverrons la première question par SMS. Répondez quand vous "
        "voulez.",
        "voice_phone": "Nous vous appellerons sur votre numéro de téléphone pour cet échange.",
        "voice_browser_voice": "L'échange a lieu ici, dans votre navigateur ; il vous demandera "
        "l'accès au micro.",
        "voice_browser_video": "L'échange a lieu ici, dans votre navigateur ; il vous demandera "
        "l'accès au micro et à la caméra.",
        "voice_first_question": "La première question",
        "assessment_task": "Votre tâche",
        "assessment_deliverable": "Ce que vous remettez",
        "assessment_time": "Durée limite : {minutes} minutes",
        "link_unknown_title": "Ce lien d'entretien n'est pas valide",
        "link_unknown_text": "Vérifiez que vous avez ouvert le lien complet de votre invitation "
        "ou demandez-en un nouveau au recruteur.",
        "link_expired_title": "Ce lien d'entretien a expiré",
        "link_expired_text": "Demandez au recruteur de prolonger votre invitation ; vos réponses "
        "sont conservées.",
        "link_withdrawn_title": "Cette candidature a été retirée",
        "link_withdrawn_text": "S'il s'agit d'une erreur, contactez le recruteur qui vous a "
        "invité.",
        "link_finished_title": "Cet entretien est terminé",
        "link_finished_text": "Merci pour votre temps. L'équipe de recrutement vous recontactera.",
        "sms_help": "Entretiens {org} : répondez STOP pour ne plus recevoir de SMS, START pour "
        "les reprendre. Des questions ? Répondez ici ou écrivez à {email}.",
        "sms_stopped": "Entretiens {org} : vous ne recevrez plus de SMS. Répondez START pour les "
        "reprendre.",
        "sms_started": "Entretiens {org} : les SMS reprennent. Répondez STOP pour les arrêter, "
        "HELP pour de l'aide.",
    },
    "de": {
        "welcome_heading": "Hallo {first_name}, willkommen zu Ihrem Interview",
        "hiring_for": "{company} sucht für die Stelle {job}.",
        "whats_ahead": "Was Sie erwartet",
        "ai_disclosure": (
            "Eine KI stellt Ihnen Fragen und bewertet Ihre Antworten anhand der Anforderungen "
            "der Stelle; die Einstellungsentscheidung trifft ein Mensch. Bewertet wird, was Sie "
            "sagen und schreiben, nie Ihre Stimme, Ihr Gesicht oder Ihr Aussehen."
        ),
        "start": "Starten",
        "continue": "Weiter",
        "submit": "Absenden",
        "required": "Pflichtfeld",
        "optional": "Optional",
        "yes": "Ja",
        "no": "Nein",
        "choose": "Auswählen…",
        "stage_resume": "Lebenslauf",
        "stage_form": "Formular",
        "stage_sms": "SMS",
        "stage_voice": "Sprache/Video",
        "stage_assessment": "Aufgabe",
        "duration_resume": "Sofort",
        "duration_form": "2–5 Min.",
        "duration_sms": "In Ihrem Tempo",
        "duration_voice": "10–20 Min.",
        "duration_assessment": "20–30 Min.",
        "about_resume": "Laden Sie Ihren Lebenslauf hoch oder fügen Sie ihn ein; er wird sofort "
        "geprüft.",
        "about_form": "Ein kurzer Fragebogen zu Ihrer Eignung.",
        "about_sms": "Beantworten Sie ein paar Fragen per SMS.",
        "about_voice": "Ein Gespräch mit dem KI-Interviewer, per Telefon oder im Browser.",
        "about_assessment": "Bearbeiten Sie mit einem KI-Assistenten eine Aufgabe und liefern "
        "Sie ein Ergebnis.",
        "resume_upload": "Lebenslauf hochladen (PDF, DOCX oder TXT, bis 10 MB)",
        "resume_paste": "Oder den Text Ihres Lebenslaufs einfügen",
        "sms_expect": "Wir schicken Ihnen die erste Frage per SMS. Antworten Sie, wann es Ihnen "
        "passt.",
        "voice_phone": "Wir rufen Sie für dieses Gespräch unter Ihrer Telefonnummer an.",
        "voice_browser_voice": "Das Gespräch findet hier im Browser statt; er fragt nach Ihrem "
        "Mikrofon.",
        "voice_browser_video": "Das Gespräch findet hier im Browser statt; er fragt nach "
        "Mikrofon und Kamera.",
        "voice_first_question": "Die erste Frage",
        "assessment_task": "Ihre Aufgabe",
        "assessment_deliverable": "Was Sie abgeben",
        "assessment_time": "Zeitlimit: {minutes} Minuten",
        "link_unknown_title": "Dieser Interview-Link ist ungültig",
        "link_unknown_text": "Prüfen Sie, ob Sie den vollständigen Link aus Ihrer Einladung "
        "geöffnet haben, oder bitten Sie um einen neuen.",
        "link_expired_title": "Dieser Interview-Link ist abgelaufen",
        "link_expired_text": "Bitten Sie um eine Verlängerung Ihrer Einladung; Ihre bisherigen "
        "Antworten bleiben erhalten.",
        "link_withdrawn_title": "Diese Bewerbung wurde zurückgezogen",
        "link_withdrawn_text": "Falls das ein Irrtum ist, wenden Sie sich an die Person, die Sie "
        "eingeladen hat.",
        "link_finished_title": "Dieses Interview ist abgeschlossen",
        "link_finished_text": "Danke für Ihre Zeit. Das Recruiting-Team meldet sich bei Ihnen.",
        "sms_help": "{org} Interviews: Antworten Sie STOP, um keine SMS mehr zu erhalten, "
        "START, um sie wieder zu erhalten. Fragen? Antworten Sie hier oder schreiben Sie an "
        "{email}.",
        "sms_stopped": "{org} Interviews: Sie erhalten keine SMS mehr von uns. Antworten Sie "
        "START, um sie wieder zu erhalten.",
        "sms_started": "{org} Interviews: Sie erhalten wieder SMS. Antworten Sie STOP zum "
        "Beenden, HELP für Hilfe.",
    },
    "pt": {
        "welcome_heading": "Olá {first_name}, boas-vindas à sua entrevista",
        "hiring_for": "{company} está contratando para a vaga de {job}.",
        "whats_ahead": "O que vem pela frente",
        "ai_disclosure": (
            "Uma IA fará perguntas e pontuará suas respostas segundo os requisitos da vaga; uma "
            "pessoa toma a decisão de contratação. Contam o que você diz e escreve, nunca a sua "
            "voz, o seu rosto ou a sua aparência."
        ),
        "start": "Começar",
        "continue": "Continuar",
        "submit": "Enviar",
        "required": "Obrigatório",
        "optional": "Opcional",
        "yes": "Sim",
        "no": "Não",
        "choose": "Escolha…",
        "stage_resume": "Currículo",
        "stage_form": "Formulário",
        "stage_sms": "Mensagens de texto",
        "stage_voice": "Voz/Vídeo",
        "stage_assessment": "Avaliação",
        "duration_resume": "Imediato",
        "duration_form": "2–5 min",
        "duration_sms": "No seu ritmo",
        "duration_voice": "10–20 min",
        "duration_assessment": "20–30 min",
        "about_resume": "Envie ou cole seu currículo; a triagem é imediata.",
        "about_form": "Um questionário curto sobre a sua elegibilidade.",
        "about_sms": "Responda a algumas perguntas por mensagem de texto.",
        "about_voice": "Uma conversa com o entrevistador de IA, por telefone ou no navegador.",
        "about_assessment": "Realize uma tarefa com um assistente de IA para produzir uma entrega.",
        "resume_upload": "Envie seu currículo (PDF, DOCX ou TXT, até 10 MB)",
        "resume_paste": "Ou cole o texto do seu currículo",
        "sms_expect": "Enviaremos a primeira pergunta por SMS. Responda quando puder.",
        "voice_phone": "Ligaremos para o seu número de telefone para esta conversa.",
        "voice_browser_voice": "A conversa acontece aqui, no seu navegador; ele pedirá acesso ao "
        "microfone.",
        "voice_browser_video": "A conversa acontece aqui, no seu navegador; ele pedirá acesso ao "
        "microfone e à câmera.",
        "voice_first_question": "A primeira pergunta",
        "assessment_task": "Sua tarefa",
        "assessment_deliverable": "O que você entrega",
        "assessment_time": "Tempo limite: {minutes} minutos",
        "link_unknown_title": "Este link de entrevista não é válido",
        "link_unknown_text": "Verifique se abriu o link completo do convite ou peça um novo ao "
        "recrutador.",
        "link_expired_title": "Este link de entrevista expirou",
        "link_expired_text": "Peça ao recrutador para prorrogar o convite; suas respostas até "
        "agora ficam guardadas.",
        "link_withdrawn_title": "Esta candidatura foi retirada",
        "link_withdrawn_text": "Se for um engano, fale com o recrutador que convidou você.",
        "link_finished_title": "Esta entrevista terminou",
        "link_finished_text": "Obrigado pelo seu tempo. A equipe de contratação entrará em "
        "contato.",
        "sms_help": "Entrevistas da {org}: responda STOP para não receber mais mensagens e "
        "START para voltar a recebê-las. Dúvidas? Responda aqui ou escreva para {email}.",
        "sms_stopped": "Entrevistas da {org}: você não receberá mais mensagens. Responda START "
        "para voltar a recebê-las.",
        "sms_started": "Entrevistas da {org}: você voltará a receber mensagens. Responda STOP "
        "para parar ou HELP para obter ajuda.",
    },
}


def language_or_default(language: str | None) -> str:
    """A supported language code, English for anything else.

    Args:
        language: A language code.

    Returns:
        A key of LANGUAGES.
    """
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def t(language: str | None, key: str, **values: object) -> str:
    """Translate a fixed candidate-facing text and fill its placeholders.

    Args:
        language: The organization's language.
        key: The text's key.
        **values: Values for its {placeholders}.

    Returns:
        The text in that language (English when the catalog lacks it).
    """
    catalog = CATALOGS[language_or_default(language)]
    text = catalog.get(key) or CATALOGS[DEFAULT_LANGUAGE][key]
    return text.format(**values) if values else text


def texts(language: str | None, *keys: str) -> dict[str, str]:
    """Several texts at once, for a page's state.

    Args:
        language: The organization's language.
        *keys: Keys to translate.

    Returns:
        Key to text.
    """
    return {key: t(language, key) for key in keys}
