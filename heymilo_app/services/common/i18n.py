"""Translation catalogs for every fixed text a candidate sees.

Candidate pages, previews and default message templates take their words from here in the
organization's language, never from English literals in the pages. ``t(lang, key, **values)``
falls back to English for a key a catalog lacks.
"""

from __future__ import annotations

from heymilo_app.services.common.text import no_double_period

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
        "apply_too_many": "Too many applications in the last hour. Try again later.",
        "link_sent_title": "Check your email",
        "link_sent_text": (
            "We have sent the link to your interview to {email}. If it has not arrived in a "
            "few minutes, look in your spam folder."
        ),
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
        "intro_resume": "Share your resume so we can match your experience to the role.",
        "intro_form": "A few quick questions about eligibility and availability.",
        "intro_sms": "We will text you a few questions. Reply at your own pace.",
        "intro_voice": "A conversation with our AI interviewer about how you work.",
        "intro_assessment": "Work through a realistic task together with an AI assistant.",
        "self_id_prompt": "How do you describe your gender?",
        "self_id_woman": "Woman",
        "self_id_man": "Man",
        "self_id_non_binary": "Non-binary",
        "self_id_describe": "Prefer to self-describe",
        "self_id_decline": "Prefer not to say",
        "self_describe": "In your own words (optional)",
        "optional": "Optional",
        "voluntary": "Voluntary",
        "voluntary_note": (
            "Answering is optional. Your answer is never shown to the people reviewing your "
            "application or used in any score; it is only counted in anonymous group totals that "
            "check our process is fair."
        ),
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
        "duration_about": "About {minutes} min",
        "duration_up_to": "Up to {minutes} min",
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
        "step_of": "Step {number} of {total} · {title}",
        "resume_choose": "or drop the file here",
        "resume_choose_button": "Choose a file",
        "resume_reading": "Reading your resume…",
        "resume_send": "Send my resume",
        "form_autosave": "Your answers are saved as you go; you can come back later.",
        "form_fix": "Some answers need your attention; see the messages below.",
        "waiting_sms": "We have sent you a text message from {company}. Reply there whenever it "
        "suits you.",
        "waiting_sms_no_phone": "This step happens by text message, but we have no mobile "
        "number we may text. {company} will contact you by email.",
        "waiting_phone": "Expect a call from {company} on your phone soon.",
        "waiting_later": "This step opens here soon. We will email you when it is ready.",
        "thanks_title": "Thank you, {first_name}!",
        "thanks_text": "You have finished the interview for {job}. A person from {company} will "
        "read your answers and email you about what comes next.",
        "review_title": "Your application is being reviewed",
        "review_text": "A person from {company} is reviewing your application. We will email you.",
        "review_sent": "Your request was sent. A person will look at your application.",
        "disqualified_title": "Thank you for applying",
        "disqualified_text": "You did not meet the requirements for this role:",
        "disqualified_review_text": "If you think this is a mistake, you can ask a person from "
        "{company} to review your application.",
        "disqualified_reviewed": "A person from {company} has reviewed your application.",
        "request_review": "Ask for a human review",
        "review_message": "Anything the reviewer should know (optional)",
        "send_request": "Send request",
        "cancel": "Cancel",
        "adjust_toggle": "Need an adjustment?",
        "adjust_intro": "Tell {company} what would help you take part. Asking never counts "
        "against you.",
        "adjust_kind": "What do you need?",
        "adjust_more_time": "More time",
        "adjust_text_instead_of_voice": "Text instead of voice",
        "adjust_other": "Something else",
        "adjust_details": "Details",
        "adjust_details_hint": "Required when you choose “Something else”.",
        "adjust_sent": "Your request was sent to {company}.",
        "adjust_yours": "Your requests",
        "adjust_requested": "Waiting for an answer",
        "adjust_granted": "Granted",
        "adjust_declined": "Declined",
        "withdraw_link": "Withdraw my application",
        "withdraw_title": "Withdraw your application?",
        "withdraw_text": "{company} will no longer consider you for {job}. You cannot undo this.",
        "withdraw_confirm": "Yes, withdraw",
        "withdraw_keep": "Keep my application",
        "page_moved": "This page was out of date; it now shows where you are.",
    },
    "es": {
        "welcome_heading": "Hola {first_name}, bienvenido a tu entrevista",
        "hiring_for": "{company} busca personal para el puesto de {job}.",
        "apply_too_many": ("Demasiadas solicitudes en la última hora. Inténtalo más tarde."),
        "link_sent_title": "Revisa tu correo",
        "link_sent_text": (
            "Hemos enviado el enlace de tu entrevista a {email}. Si no llega en unos minutos,"
            " mira en la carpeta de spam."
        ),
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
        "intro_resume": "Comparta su currículum para que podamos comparar su experiencia con el "
        "puesto.",
        "intro_form": "Algunas preguntas rápidas sobre requisitos y disponibilidad.",
        "intro_sms": "Le enviaremos algunas preguntas por SMS. Responda a su ritmo.",
        "intro_voice": "Una conversación con nuestro entrevistador de IA sobre su forma de "
        "trabajar.",
        "intro_assessment": "Resuelva una tarea realista junto con un asistente de IA.",
        "self_id_prompt": "¿Cómo describe su género?",
        "self_id_woman": "Mujer",
        "self_id_man": "Hombre",
        "self_id_non_binary": "No binario",
        "self_id_describe": "Prefiero autodescribirme",
        "self_id_decline": "Prefiero no decirlo",
        "self_describe": "Con sus propias palabras (opcional)",
        "optional": "Opcional",
        "voluntary": "Voluntario",
        "voluntary_note": (
            "Responder es opcional. Tu respuesta nunca se muestra a las personas que revisan tu "
            "candidatura ni se usa en ninguna puntuación; solo se cuenta en totales anónimos por "
            "grupo que comprueban que nuestro proceso es justo."
        ),
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
        "duration_about": "Unos {minutes} min",
        "duration_up_to": "Hasta {minutes} min",
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
        "step_of": "Paso {number} de {total} · {title}",
        "resume_choose": "o suelta el archivo aquí",
        "resume_choose_button": "Elegir un archivo",
        "resume_reading": "Leyendo tu currículum…",
        "resume_send": "Enviar mi currículum",
        "form_autosave": "Tus respuestas se guardan sobre la marcha; puedes volver más tarde.",
        "form_fix": "Algunas respuestas necesitan tu atención; mira los mensajes de abajo.",
        "waiting_sms": "Te hemos enviado un mensaje de texto de {company}. Responde allí cuando "
        "te vaya bien.",
        "waiting_sms_no_phone": "Este paso se hace por mensaje de texto, pero no tenemos un "
        "móvil al que podamos escribirte. {company} se pondrá en contacto contigo por correo "
        "electrónico.",
        "waiting_phone": "Espera una llamada de {company} a tu teléfono en breve.",
        "waiting_later": "Este paso se abrirá aquí pronto. Te avisaremos por correo electrónico "
        "cuando esté listo.",
        "thanks_title": "¡Gracias, {first_name}!",
        "thanks_text": "Has terminado la entrevista para {job}. Una persona de {company} leerá "
        "tus respuestas y te escribirá sobre los próximos pasos.",
        "review_title": "Tu candidatura está en revisión",
        "review_text": "Una persona de {company} está revisando tu candidatura. Te escribiremos "
        "por correo electrónico.",
        "review_sent": "Tu solicitud se ha enviado. Una persona revisará tu candidatura.",
        "disqualified_title": "Gracias por tu candidatura",
        "disqualified_text": "No cumples los requisitos de este puesto:",
        "disqualified_review_text": "Si crees que es un error, puedes pedir que una persona de "
        "{company} revise tu candidatura.",
        "disqualified_reviewed": "Una persona de {company} ha revisado tu candidatura.",
        "request_review": "Pedir una revisión humana",
        "review_message": "Algo que deba saber quien revise (opcional)",
        "send_request": "Enviar solicitud",
        "cancel": "Cancelar",
        "adjust_toggle": "¿Necesitas una adaptación?",
        "adjust_intro": "Dile a {company} qué te ayudaría a participar. Pedirlo nunca cuenta en "
        "tu contra.",
        "adjust_kind": "¿Qué necesitas?",
        "adjust_more_time": "Más tiempo",
        "adjust_text_instead_of_voice": "Texto en lugar de voz",
        "adjust_other": "Otra cosa",
        "adjust_details": "Detalles",
        "adjust_details_hint": "Obligatorio si eliges «Otra cosa».",
        "adjust_sent": "Tu solicitud se ha enviado a {company}.",
        "adjust_yours": "Tus solicitudes",
        "adjust_requested": "Pendiente de respuesta",
        "adjust_granted": "Concedida",
        "adjust_declined": "Denegada",
        "withdraw_link": "Retirar mi candidatura",
        "withdraw_title": "¿Retirar tu candidatura?",
        "withdraw_text": "{company} dejará de considerarte para {job}. No se puede deshacer.",
        "withdraw_confirm": "Sí, retirarla",
        "withdraw_keep": "Mantener mi candidatura",
        "page_moved": "Esta página estaba desactualizada; ahora muestra dónde estás.",
    },
    "fr": {
        "welcome_heading": "Bonjour {first_name}, bienvenue à votre entretien",
        "hiring_for": "{company} recrute pour le poste de {job}.",
        "apply_too_many": (
            "Trop de candidatures au cours de la dernière heure. Réessayez plus tard."
        ),
        "link_sent_title": "Consultez vos e-mails",
        "link_sent_text": (
            "Nous avons envoyé le lien de votre entretien à {email}. S'il n'arrive pas d'ici "
            "quelques minutes, regardez dans vos spams."
        ),
        "whats_ahead": "Les étapes",
        "ai_disclosure": (
            "Une IA vous posera des questions et notera vos réponses au regard des exigences du "
            "poste ; une personne prend la décision d'embauche. Seul ce que vous dites et écrivez"
            " "
            "compte, jamais votre voix, votre visage ou votre apparence."
        ),
        "start": "Commencer",
        "continue": "Continuer",
        "submit": "Envoyer",
        "required": "Obligatoire",
        "intro_resume": "Partagez votre CV pour que nous puissions rapprocher votre expérience "
        "du poste.",
        "intro_form": "Quelques questions rapides sur votre éligibilité et vos disponibilités.",
        "intro_sms": "Nous vous enverrons quelques questions par SMS. Répondez à votre rythme.",
        "intro_voice": "Une conversation avec notre recruteur IA sur votre façon de travailler.",
        "intro_assessment": "Réalisez une tâche concrète avec l'aide d'un assistant IA.",
        "self_id_prompt": "Comment décrivez-vous votre genre ?",
        "self_id_woman": "Femme",
        "self_id_man": "Homme",
        "self_id_non_binary": "Non binaire",
        "self_id_describe": "Je préfère me décrire moi-même",
        "self_id_decline": "Je préfère ne pas répondre",
        "self_describe": "Avec vos propres mots (facultatif)",
        "optional": "Facultatif",
        "voluntary": "Volontaire",
        "voluntary_note": (
            "Répondre est facultatif. Votre réponse n’est jamais montrée aux personnes qui "
            "examinent votre candidature ni utilisée dans aucune note ; elle n’est comptée que "
            "dans des totaux anonymes par groupe qui vérifient que notre processus est équitable."
        ),
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
        "duration_about": "Environ {minutes} min",
        "duration_up_to": "Jusqu’à {minutes} min",
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
        "step_of": "Étape {number} sur {total} · {title}",
        "resume_choose": "ou déposez le fichier ici",
        "resume_choose_button": "Choisir un fichier",
        "resume_reading": "Lecture de votre CV…",
        "resume_send": "Envoyer mon CV",
        "form_autosave": "Vos réponses sont enregistrées au fur et à mesure ; vous pouvez "
        "revenir plus tard.",
        "form_fix": "Certaines réponses sont à revoir ; voyez les messages ci-dessous.",
        "waiting_sms": "Nous vous avons envoyé un SMS de la part de {company}. Répondez-y quand "
        "vous le souhaitez.",
        "waiting_sms_no_phone": "Cette étape se fait par SMS, mais nous n'avons pas de numéro "
        "de mobile auquel vous écrire. {company} vous contactera par e-mail.",
        "waiting_phone": "Attendez-vous à un appel de {company} sur votre téléphone sous peu.",
        "waiting_later": "Cette étape ouvrira ici bientôt. Nous vous enverrons un e-mail quand "
        "elle sera prête.",
        "thanks_title": "Merci, {first_name} !",
        "thanks_text": "Vous avez terminé l'entretien pour le poste de {job}. Une personne de "
        "{company} lira vos réponses et vous écrira pour la suite.",
        "review_title": "Votre candidature est en cours d'examen",
        "review_text": "Une personne de {company} examine votre candidature. Nous vous écrirons "
        "par e-mail.",
        "review_sent": "Votre demande a été envoyée. Une personne examinera votre candidature.",
        "disqualified_title": "Merci pour votre candidature",
        "disqualified_text": "Vous ne remplissez pas les conditions requises pour ce poste :",
        "disqualified_review_text": "Si vous pensez qu'il s'agit d'une erreur, vous pouvez "
        "demander qu'une personne de {company} examine votre candidature.",
        "disqualified_reviewed": "Une personne de {company} a examiné votre candidature.",
        "request_review": "Demander un examen par une personne",
        "review_message": "Ce que la personne qui examine doit savoir (facultatif)",
        "send_request": "Envoyer la demande",
        "cancel": "Annuler",
        "adjust_toggle": "Besoin d'un aménagement ?",
        "adjust_intro": "Dites à {company} ce qui vous aiderait à participer. Le demander ne "
        "vous pénalise jamais.",
        "adjust_kind": "De quoi avez-vous besoin ?",
        "adjust_more_time": "Plus de temps",
        "adjust_text_instead_of_voice": "L'écrit plutôt que la voix",
        "adjust_other": "Autre chose",
        "adjust_details": "Précisions",
        "adjust_details_hint": "Obligatoire si vous choisissez « Autre chose ».",
        "adjust_sent": "Votre demande a été envoyée à {company}.",
        "adjust_yours": "Vos demandes",
        "adjust_requested": "En attente de réponse",
        "adjust_granted": "Accordée",
        "adjust_declined": "Refusée",
        "withdraw_link": "Retirer ma candidature",
        "withdraw_title": "Retirer votre candidature ?",
        "withdraw_text": "{company} ne vous considérera plus pour le poste de {job}. C'est "
        "définitif.",
        "withdraw_confirm": "Oui, la retirer",
        "withdraw_keep": "Garder ma candidature",
        "page_moved": "Cette page n'était plus à jour ; elle montre maintenant où vous en êtes.",
    },
    "de": {
        "welcome_heading": "Hallo {first_name}, willkommen zu Ihrem Interview",
        "hiring_for": "{company} sucht für die Stelle {job}.",
        "apply_too_many": (
            "Zu viele Bewerbungen in der letzten Stunde. Bitte versuchen Sie es später erneut."
        ),
        "link_sent_title": "Sehen Sie in Ihr Postfach",
        "link_sent_text": (
            "Wir haben den Link zu Ihrem Interview an {email} gesendet. Falls er in ein paar "
            "Minuten nicht da ist, sehen Sie im Spam-Ordner nach."
        ),
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
        "intro_resume": "Teilen Sie Ihren Lebenslauf, damit wir Ihre Erfahrung mit der Stelle "
        "abgleichen können.",
        "intro_form": "Ein paar kurze Fragen zu Voraussetzungen und Verfügbarkeit.",
        "intro_sms": "Wir schicken Ihnen einige Fragen per SMS. Antworten Sie in Ihrem Tempo.",
        "intro_voice": "Ein Gespräch mit unserem KI-Interviewer über Ihre Arbeitsweise.",
        "intro_assessment": "Bearbeiten Sie eine realistische Aufgabe zusammen mit einem "
        "KI-Assistenten.",
        "self_id_prompt": "Wie beschreiben Sie Ihr Geschlecht?",
        "self_id_woman": "Frau",
        "self_id_man": "Mann",
        "self_id_non_binary": "Nicht-binär",
        "self_id_describe": "Ich beschreibe mich selbst",
        "self_id_decline": "Keine Angabe",
        "self_describe": "In Ihren eigenen Worten (optional)",
        "optional": "Optional",
        "voluntary": "Freiwillig",
        "voluntary_note": (
            "Die Antwort ist freiwillig. Ihre Antwort wird den Personen, die Ihre Bewerbung "
            "prüfen, nie gezeigt und in keiner Bewertung verwendet; sie zählt nur in anonymen "
            "Gruppensummen, mit denen wir prüfen, ob unser Verfahren fair ist."
        ),
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
        "duration_about": "Etwa {minutes} Min.",
        "duration_up_to": "Bis zu {minutes} Min.",
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
        "step_of": "Schritt {number} von {total} · {title}",
        "resume_choose": "oder die Datei hier ablegen",
        "resume_choose_button": "Datei auswählen",
        "resume_reading": "Ihr Lebenslauf wird gelesen…",
        "resume_send": "Lebenslauf senden",
        "form_autosave": "Ihre Antworten werden laufend gespeichert; Sie können später "
        "weitermachen.",
        "form_fix": "Einige Antworten brauchen Ihre Aufmerksamkeit; siehe die Hinweise unten.",
        "waiting_sms": "Wir haben Ihnen eine SMS von {company} geschickt. Antworten Sie dort, "
        "wann es Ihnen passt.",
        "waiting_sms_no_phone": "Dieser Schritt läuft per SMS, aber wir haben keine "
        "Mobilnummer, an die wir schreiben dürfen. {company} meldet sich per E-Mail bei Ihnen.",
        "waiting_phone": "Sie erhalten in Kürze einen Anruf von {company} auf Ihrem Telefon.",
        "waiting_later": "Dieser Schritt öffnet sich bald hier. Wir schicken Ihnen eine E-Mail, "
        "sobald er bereit ist.",
        "thanks_title": "Vielen Dank, {first_name}!",
        "thanks_text": "Sie haben das Interview für {job} abgeschlossen. Eine Person von "
        "{company} liest Ihre Antworten und meldet sich per E-Mail zu den nächsten Schritten.",
        "review_title": "Ihre Bewerbung wird geprüft",
        "review_text": "Eine Person von {company} prüft Ihre Bewerbung. Wir melden uns per E-Mail.",
        "review_sent": "Ihre Anfrage wurde gesendet. Eine Person sieht sich Ihre Bewerbung an.",
        "disqualified_title": "Danke für Ihre Bewerbung",
        "disqualified_text": "Sie erfüllen die Anforderungen für diese Stelle nicht:",
        "disqualified_review_text": "Wenn Sie das für einen Irrtum halten, können Sie eine "
        "Person von {company} bitten, Ihre Bewerbung zu prüfen.",
        "disqualified_reviewed": "Eine Person von {company} hat Ihre Bewerbung geprüft.",
        "request_review": "Prüfung durch einen Menschen anfragen",
        "review_message": "Was die prüfende Person wissen sollte (optional)",
        "send_request": "Anfrage senden",
        "cancel": "Abbrechen",
        "adjust_toggle": "Brauchen Sie eine Anpassung?",
        "adjust_intro": "Sagen Sie {company}, was Ihnen die Teilnahme erleichtert. Eine Anfrage "
        "wirkt sich nie nachteilig aus.",
        "adjust_kind": "Was brauchen Sie?",
        "adjust_more_time": "Mehr Zeit",
        "adjust_text_instead_of_voice": "Text statt Sprache",
        "adjust_other": "Etwas anderes",
        "adjust_details": "Einzelheiten",
        "adjust_details_hint": "Pflichtfeld, wenn Sie „Etwas anderes“ wählen.",
        "adjust_sent": "Ihre Anfrage wurde an {company} gesendet.",
        "adjust_yours": "Ihre Anfragen",
        "adjust_requested": "Wartet auf Antwort",
        "adjust_granted": "Gewährt",
        "adjust_declined": "Abgelehnt",
        "withdraw_link": "Bewerbung zurückziehen",
        "withdraw_title": "Bewerbung zurückziehen?",
        "withdraw_text": "{company} berücksichtigt Sie dann nicht mehr für {job}. Das lässt "
        "sich nicht rückgängig machen.",
        "withdraw_confirm": "Ja, zurückziehen",
        "withdraw_keep": "Bewerbung behalten",
        "page_moved": "Diese Seite war veraltet; sie zeigt jetzt, wo Sie stehen.",
    },
    "pt": {
        "welcome_heading": "Olá {first_name}, boas-vindas à sua entrevista",
        "hiring_for": "{company} está contratando para a vaga de {job}.",
        "apply_too_many": ("Muitas candidaturas na última hora. Tente novamente mais tarde."),
        "link_sent_title": "Verifique seu e-mail",
        "link_sent_text": (
            "Enviamos o link da sua entrevista para {email}. Se não chegar em alguns minutos,"
            " veja a pasta de spam."
        ),
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
        "intro_resume": "Partilhe o seu currículo para podermos comparar a sua experiência com "
        "a vaga.",
        "intro_form": "Algumas perguntas rápidas sobre requisitos e disponibilidade.",
        "intro_sms": "Vamos enviar-lhe algumas perguntas por SMS. Responda ao seu ritmo.",
        "intro_voice": "Uma conversa com o nosso entrevistador de IA sobre a sua forma de "
        "trabalhar.",
        "intro_assessment": "Resolva uma tarefa realista em conjunto com um assistente de IA.",
        "self_id_prompt": "Como descreve o seu género?",
        "self_id_woman": "Mulher",
        "self_id_man": "Homem",
        "self_id_non_binary": "Não binário",
        "self_id_describe": "Prefiro autodescrever-me",
        "self_id_decline": "Prefiro não dizer",
        "self_describe": "Com as suas próprias palavras (opcional)",
        "optional": "Opcional",
        "voluntary": "Voluntário",
        "voluntary_note": (
            "Responder é opcional. A sua resposta nunca é mostrada às pessoas que avaliam a sua "
            "candidatura nem usada em nenhuma pontuação; só é contada em totais anónimos por "
            "grupo que verificam se o nosso processo é justo."
        ),
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
        "duration_about": "Cerca de {minutes} min",
        "duration_up_to": "Até {minutes} min",
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
        "step_of": "Etapa {number} de {total} · {title}",
        "resume_choose": "ou solte o arquivo aqui",
        "resume_choose_button": "Escolher um arquivo",
        "resume_reading": "Lendo seu currículo…",
        "resume_send": "Enviar meu currículo",
        "form_autosave": "Suas respostas são salvas enquanto você responde; você pode voltar "
        "depois.",
        "form_fix": "Algumas respostas precisam da sua atenção; veja as mensagens abaixo.",
        "waiting_sms": "Enviamos a você uma mensagem de texto de {company}. Responda por lá "
        "quando puder.",
        "waiting_sms_no_phone": "Esta etapa é feita por mensagem de texto, mas não temos um "
        "celular para o qual possamos escrever. {company} entrará em contato por e-mail.",
        "waiting_phone": "Aguarde uma ligação de {company} no seu telefone em breve.",
        "waiting_later": "Esta etapa será aberta aqui em breve. Avisaremos você por e-mail "
        "quando estiver pronta.",
        "thanks_title": "Obrigado, {first_name}!",
        "thanks_text": "Você concluiu a entrevista para {job}. Uma pessoa de {company} vai ler "
        "suas respostas e escrever para você sobre os próximos passos.",
        "review_title": "Sua candidatura está em análise",
        "review_text": "Uma pessoa de {company} está analisando sua candidatura. Enviaremos um "
        "e-mail para você.",
        "review_sent": "Seu pedido foi enviado. Uma pessoa vai analisar sua candidatura.",
        "disqualified_title": "Obrigado pela sua candidatura",
        "disqualified_text": "Você não atende aos requisitos desta vaga:",
        "disqualified_review_text": "Se achar que é um engano, você pode pedir que uma pessoa "
        "de {company} analise sua candidatura.",
        "disqualified_reviewed": "Uma pessoa de {company} analisou sua candidatura.",
        "request_review": "Pedir uma análise humana",
        "review_message": "Algo que a pessoa que vai analisar deve saber (opcional)",
        "send_request": "Enviar pedido",
        "cancel": "Cancelar",
        "adjust_toggle": "Precisa de uma adaptação?",
        "adjust_intro": "Conte para {company} o que ajudaria você a participar. Pedir nunca "
        "conta contra você.",
        "adjust_kind": "Do que você precisa?",
        "adjust_more_time": "Mais tempo",
        "adjust_text_instead_of_voice": "Texto em vez de voz",
        "adjust_other": "Outra coisa",
        "adjust_details": "Detalhes",
        "adjust_details_hint": "Obrigatório se você escolher “Outra coisa”.",
        "adjust_sent": "Seu pedido foi enviado para {company}.",
        "adjust_yours": "Seus pedidos",
        "adjust_requested": "Aguardando resposta",
        "adjust_granted": "Concedido",
        "adjust_declined": "Recusado",
        "withdraw_link": "Retirar minha candidatura",
        "withdraw_title": "Retirar sua candidatura?",
        "withdraw_text": "{company} deixará de considerar você para {job}. Não é possível "
        "desfazer.",
        "withdraw_confirm": "Sim, retirar",
        "withdraw_keep": "Manter minha candidatura",
        "page_moved": "Esta página estava desatualizada; agora mostra onde você está.",
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
    return no_double_period(text.format(**values), values.values()) if values else text


def texts(language: str | None, *keys: str) -> dict[str, str]:
    """Several texts at once, for a page's state.

    Args:
        language: The organization's language.
        *keys: Keys to translate.

    Returns:
        Key to text.
    """
    return {key: t(language, key) for key in keys}
