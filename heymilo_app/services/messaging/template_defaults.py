"""The wording every organization starts with, per language: (subject, body) per message kind.

Texts about the use of AI follow the same line everywhere: an AI asks and scores, a person
decides, nothing is judged from voice or appearance. Emails whose wording lacks
``{unsubscribe_link}`` get ``UNSUBSCRIBE_FOOTER`` when they are rendered
(``services/pipeline/invitations.py``).
"""

from __future__ import annotations

DEFAULTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "invitation_email": (
            "Your interview for {job_title} at {company_name}",
            "Hi {candidate_first_name},\n\nThanks for applying for {job_title} at {company_name}. "
            "The next step is a short interview you can do at any time before {deadline}:\n\n"
            "{interview_link}\n\nAn AI asks the questions and scores the answers against the "
            "role's requirements; a person at {company_name} makes the decision.\n\n"
            "Good luck!\n{recruiter_name}\n\nNo more reminders: {unsubscribe_link}",
        ),
        "invitation_sms": (
            "",
            "Hi {candidate_first_name}, {company_name} invites you to interview for {job_title}. "
            "Start any time before {deadline}: {interview_link} Reply STOP to opt out.",
        ),
        "reminder_email": (
            "Reminder: your interview for {job_title}",
            "Hi {candidate_first_name},\n\nYour interview for {job_title} at {company_name} is "
            "still waiting for you. It is open until {deadline}:\n\n{interview_link}\n\n"
            "{recruiter_name}\n\nNo more reminders: {unsubscribe_link}",
        ),
        "reminder_sms": (
            "",
            "Reminder from {company_name}: your {job_title} interview is open until {deadline}. "
            "{interview_link} Reply STOP to opt out.",
        ),
        "next_stage_email": (
            "Next step for {job_title}: {stage_name}",
            "Hi {candidate_first_name},\n\nGood news: you are through to the next step of your "
            "interview for {job_title}, {stage_name}. Continue here:\n\n{interview_link}\n\n"
            "{recruiter_name}",
        ),
        "next_stage_sms": (
            "",
            "Hi {candidate_first_name}, next step for {job_title} at {company_name}: "
            "{stage_name}. We will text or call you shortly. Reply STOP to opt out.",
        ),
        "thank_you_email": (
            "Thank you for interviewing with {company_name}",
            "Hi {candidate_first_name},\n\nThank you for completing your interview for "
            "{job_title}. The hiring team at {company_name} will review it and be in touch.\n\n"
            "{recruiter_name}",
        ),
        "not_advancing_email": (
            "Your application for {job_title}",
            "Hi {candidate_first_name},\n\nThank you for your interest in {job_title} at "
            "{company_name}. After careful review we will not be moving forward with your "
            "application at this time. We wish you the best in your search.\n\n{recruiter_name}",
        ),
        "ai_disclosure": (
            "",
            "Before we start: I am an AI interviewer working for {company_name}. I will ask you "
            "questions about the {job_title} role and score your answers against its "
            "requirements. A person at {company_name} makes the hiring decision. Only what you "
            "say counts, never your voice or appearance.",
        ),
    },
    "es": {
        "invitation_email": (
            "Tu entrevista para {job_title} en {company_name}",
            "Hola {candidate_first_name}:\n\nGracias por postularte a {job_title} en "
            "{company_name}. El siguiente paso es una entrevista breve que puedes hacer cuando "
            "quieras antes del {deadline}:\n\n{interview_link}\n\nUna IA hace las preguntas y "
            "puntúa las respuestas según los requisitos del puesto; una persona de "
            "{company_name} toma la decisión.\n\n¡Suerte!\n{recruiter_name}\n\n"
            "No recibir más recordatorios: {unsubscribe_link}",
        ),
        "invitation_sms": (
            "",
            "Hola {candidate_first_name}, {company_name} te invita a una entrevista para "
            "{job_title}. Empieza antes del {deadline}: {interview_link} Responde STOP para no "
            "recibir más mensajes.",
        ),
        "reminder_email": (
            "Recordatorio: tu entrevista para {job_title}",
            "Hola {candidate_first_name}:\n\nTu entrevista para {job_title} en {company_name} "
            "te espera. Está abierta hasta el {deadline}:\n\n{interview_link}\n\n"
            "{recruiter_name}\n\nNo recibir más recordatorios: {unsubscribe_link}",
        ),
        "reminder_sms": (
            "",
            "Recordatorio de {company_name}: tu entrevista para {job_title} está abierta hasta "
            "el {deadline}. {interview_link} Responde STOP para no recibir más mensajes.",
        ),
        "next_stage_email": (
            "Siguiente paso para {job_title}: {stage_name}",
            "Hola {candidate_first_name}:\n\nBuenas noticias: pasas al siguiente paso de tu "
            "entrevista para {job_title}, {stage_name}. Continúa aquí:\n\n{interview_link}\n\n"
            "{recruiter_name}",
        ),
        "next_stage_sms": (
            "",
            "Hola {candidate_first_name}, siguiente paso para {job_title} en {company_name}: "
            "{stage_name}. Te escribiremos o llamaremos en breve. Responde STOP para no recibir "
            "más mensajes.",
        ),
        "thank_you_email": (
            "Gracias por tu entrevista con {company_name}",
            "Hola {candidate_first_name}:\n\nGracias por completar tu entrevista para "
            "{job_title}. El equipo de {company_name} la revisará y se pondrá en contacto "
            "contigo.\n\n{recruiter_name}",
        ),
        "not_advancing_email": (
            "Tu candidatura para {job_title}",
            "Hola {candidate_first_name}:\n\nGracias por tu interés en {job_title} en "
            "{company_name}. Tras revisarla con atención, no seguiremos adelante con tu "
            "candidatura por ahora. Te deseamos lo mejor en tu búsqueda.\n\n{recruiter_name}",
        ),
        "ai_disclosure": (
            "",
            "Antes de empezar: soy un entrevistador de IA que trabaja para {company_name}. Te "
            "haré preguntas sobre el puesto de {job_title} y puntuaré tus respuestas según sus "
            "requisitos. Una persona de {company_name} toma la decisión. Solo cuenta lo que "
            "dices, nunca tu voz ni tu apariencia.",
        ),
    },
    "fr": {
        "invitation_email": (
            "Votre entretien pour {job_title} chez {company_name}",
            "Bonjour {candidate_first_name},\n\nMerci d'avoir postulé au poste de {job_title} "
            "chez {company_name}. L'étape suivante est un court entretien, à faire quand vous "
            "voulez avant le {deadline} :\n\n{interview_link}\n\nUne IA pose les questions et "
            "note les réponses au regard des exigences du poste ; une personne de "
            "{company_name} prend la décision.\n\nBonne chance !\n{recruiter_name}\n\n"
            "Ne plus recevoir de rappels : {unsubscribe_link}",
        ),
        "invitation_sms": (
            "",
            "Bonjour {candidate_first_name}, {company_name} vous invite à un entretien pour "
            "{job_title}. À faire avant le {deadline} : {interview_link} Répondez STOP pour ne "
            "plus recevoir de SMS.",
        ),
        "reminder_email": (
            "Rappel : votre entretien pour {job_title}",
            "Bonjour {candidate_first_name},\n\nVotre entretien pour {job_title} chez "
            "{company_name} vous attend. Il est ouvert jusqu'au {deadline} :\n\n"
            "{interview_link}\n\n{recruiter_name}\n\nNe plus recevoir de rappels : "
            "{unsubscribe_link}",
        ),
        "reminder_sms": (
            "",
            "Rappel de {company_name} : votre entretien pour {job_title} est ouvert jusqu'au "
            "{deadline}. {interview_link} Répondez STOP pour ne plus recevoir de SMS.",
        ),
        "next_stage_email": (
            "Étape suivante pour {job_title} : {stage_name}",
            "Bonjour {candidate_first_name},\n\nBonne nouvelle : vous passez à l'étape suivante "
            "de votre entretien pour {job_title}, {stage_name}. Continuez ici :\n\n"
            "{interview_link}\n\n{recruiter_name}",
        ),
        "next_stage_sms": (
            "",
            "Bonjour {candidate_first_name}, étape suivante pour {job_title} chez "
            "{company_name} : {stage_name}. Nous vous écrirons ou appellerons bientôt. Répondez "
            "STOP pour ne plus recevoir de SMS.",
        ),
        "thank_you_email": (
            "Merci pour votre entretien avec {company_name}",
            "Bonjour {candidate_first_name},\n\nMerci d'avoir terminé votre entretien pour "
            "{job_title}. L'équipe de {company_name} va l'étudier et reviendra vers vous.\n\n"
            "{recruiter_name}",
        ),
        "not_advancing_email": (
            "Votre candidature pour {job_title}",
            "Bonjour {candidate_first_name},\n\nMerci de l'intérêt que vous portez au poste de "
            "{job_title} chez {company_name}. Après un examen attentif, nous ne donnerons pas "
            "suite à votre candidature pour le moment. Nous vous souhaitons le meilleur dans vos "
            "recherches.\n\n{recruiter_name}",
        ),
        "ai_disclosure": (
            "",
            "Avant de commencer : je suis une IA chargée des entretiens pour {company_name}. Je "
            "vais vous poser des questions sur le poste de {job_title} et noter vos réponses au "
            "regard de ses exigences. Une personne de {company_name} prend la décision. Seul ce "
            "que vous dites compte, jamais votre voix ni votre apparence.",
        ),
    },
    "de": {
        "invitation_email": (
            "Ihr Interview für {job_title} bei {company_name}",
            "Hallo {candidate_first_name},\n\ndanke für Ihre Bewerbung als {job_title} bei "
            "{company_name}. Der nächste Schritt ist ein kurzes Interview, das Sie jederzeit "
            "vor dem {deadline} machen können:\n\n{interview_link}\n\nEine KI stellt die Fragen "
            "und bewertet die Antworten anhand der Anforderungen der Stelle; die Entscheidung "
            "trifft ein Mensch bei {company_name}.\n\nViel Erfolg!\n{recruiter_name}\n\n"
            "Keine Erinnerungen mehr: {unsubscribe_link}",
        ),
        "invitation_sms": (
            "",
            "Hallo {candidate_first_name}, {company_name} lädt Sie zum Interview für "
            "{job_title} ein. Bis {deadline}: {interview_link} Antworten Sie STOP, um keine SMS "
            "mehr zu erhalten.",
        ),
        "reminder_email": (
            "Erinnerung: Ihr Interview für {job_title}",
            "Hallo {candidate_first_name},\n\nIhr Interview für {job_title} bei {company_name} "
            "wartet noch auf Sie. Es ist bis {deadline} geöffnet:\n\n{interview_link}\n\n"
            "{recruiter_name}\n\nKeine Erinnerungen mehr: {unsubscribe_link}",
        ),
        "reminder_sms": (
            "",
            "Erinnerung von {company_name}: Ihr Interview für {job_title} ist bis {deadline} "
            "offen. {interview_link} Antworten Sie STOP, um keine SMS mehr zu erhalten.",
        ),
        "next_stage_email": (
            "Nächster Schritt für {job_title}: {stage_name}",
            "Hallo {candidate_first_name},\n\ngute Nachrichten: Sie sind im nächsten Schritt "
            "Ihres Interviews für {job_title}, {stage_name}. Hier geht es weiter:\n\n"
            "{interview_link}\n\n{recruiter_name}",
        ),
        "next_stage_sms": (
            "",
            "Hallo {candidate_first_name}, nächster Schritt für {job_title} bei {company_name}: "
            "{stage_name}. Wir schreiben oder rufen Sie in Kürze an. Antworten Sie STOP, um "
            "keine SMS mehr zu erhalten.",
        ),
        "thank_you_email": (
            "Danke für Ihr Interview bei {company_name}",
            "Hallo {candidate_first_name},\n\ndanke, dass Sie Ihr Interview für {job_title} "
            "abgeschlossen haben. Das Team von {company_name} sieht es sich an und meldet sich "
            "bei Ihnen.\n\n{recruiter_name}",
        ),
        "not_advancing_email": (
            "Ihre Bewerbung als {job_title}",
            "Hallo {candidate_first_name},\n\ndanke für Ihr Interesse an der Stelle {job_title} "
            "bei {company_name}. Nach sorgfältiger Prüfung verfolgen wir Ihre Bewerbung derzeit "
            "nicht weiter. Wir wünschen Ihnen viel Erfolg bei Ihrer Suche.\n\n{recruiter_name}",
        ),
        "ai_disclosure": (
            "",
            "Bevor wir beginnen: Ich bin ein KI-Interviewer für {company_name}. Ich stelle "
            "Ihnen Fragen zur Stelle {job_title} und bewerte Ihre Antworten anhand ihrer "
            "Anforderungen. Die Entscheidung trifft ein Mensch bei {company_name}. Es zählt nur, "
            "was Sie sagen, nie Ihre Stimme oder Ihr Aussehen.",
        ),
    },
    "pt": {
        "invitation_email": (
            "Sua entrevista para {job_title} na {company_name}",
            "Olá {candidate_first_name},\n\nObrigado por se candidatar à vaga de {job_title} na "
            "{company_name}. O próximo passo é uma entrevista curta que você pode fazer quando "
            "quiser até {deadline}:\n\n{interview_link}\n\nUma IA faz as perguntas e pontua as "
            "respostas segundo os requisitos da vaga; uma pessoa da {company_name} toma a "
            "decisão.\n\nBoa sorte!\n{recruiter_name}\n\nNão receber mais lembretes: "
            "{unsubscribe_link}",
        ),
        "invitation_sms": (
            "",
            "Olá {candidate_first_name}, a {company_name} convida você para uma entrevista para "
            "{job_title}. Comece até {deadline}: {interview_link} Responda STOP para não receber "
            "mais mensagens.",
        ),
        "reminder_email": (
            "Lembrete: sua entrevista para {job_title}",
            "Olá {candidate_first_name},\n\nSua entrevista para {job_title} na {company_name} "
            "ainda espera por você. Ela fica aberta até {deadline}:\n\n{interview_link}\n\n"
            "{recruiter_name}\n\nNão receber mais lembretes: {unsubscribe_link}",
        ),
        "reminder_sms": (
            "",
            "Lembrete da {company_name}: sua entrevista para {job_title} está aberta até "
            "{deadline}. {interview_link} Responda STOP para não receber mais mensagens.",
        ),
        "next_stage_email": (
            "Próxima etapa para {job_title}: {stage_name}",
            "Olá {candidate_first_name},\n\nBoas notícias: você passou para a próxima etapa da "
            "sua entrevista para {job_title}, {stage_name}. Continue aqui:\n\n{interview_link}\n\n"
            "{recruiter_name}",
        ),
        "next_stage_sms": (
            "",
            "Olá {candidate_first_name}, próxima etapa para {job_title} na {company_name}: "
            "{stage_name}. Vamos enviar uma mensagem ou ligar em breve. Responda STOP para não "
            "receber mais mensagens.",
        ),
        "thank_you_email": (
            "Obrigado pela sua entrevista com a {company_name}",
            "Olá {candidate_first_name},\n\nObrigado por concluir sua entrevista para "
            "{job_title}. A equipe da {company_name} vai analisá-la e entrará em contato.\n\n"
            "{recruiter_name}",
        ),
        "not_advancing_email": (
            "Sua candidatura para {job_title}",
            "Olá {candidate_first_name},\n\nObrigado pelo seu interesse na vaga de {job_title} "
            "na {company_name}. Após uma análise cuidadosa, não seguiremos com a sua candidatura "
            "neste momento. Desejamos sucesso na sua busca.\n\n{recruiter_name}",
        ),
        "ai_disclosure": (
            "",
            "Antes de começar: sou um entrevistador de IA trabalhando para a {company_name}. "
            "Vou fazer perguntas sobre a vaga de {job_title} e pontuar suas respostas segundo os "
            "requisitos dela. Uma pessoa da {company_name} toma a decisão. Só conta o que você "
            "diz, nunca a sua voz ou a sua aparência.",
        ),
    },
}

# The footer every email gets when its template has no {unsubscribe_link} (a recruiter's own
# wording, or the defaults of results and next steps): the same words as the defaults' own.
UNSUBSCRIBE_FOOTER: dict[str, str] = {
    "en": "No more reminders: {unsubscribe_link}",
    "es": "No recibir más recordatorios: {unsubscribe_link}",
    "fr": "Ne plus recevoir de rappels : {unsubscribe_link}",
    "de": "Keine Erinnerungen mehr: {unsubscribe_link}",
    "pt": "Não receber mais lembretes: {unsubscribe_link}",
}
