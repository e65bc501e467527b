# ruff: noqa: E501 - a catalog of sentences: one sentence, one line
"""The interviewer's fixed sentences in the five candidate languages (a data catalog).

The offline interviewer words every turn from these, filling in the recruiter's questions
and the knowledge base's answers as they were written. Keys are the same in every language;
``say`` falls back to English for a key a catalog lacks. Several phrasings of one move are
numbered (``ack_0``...) and picked by the turn's position, so a conversation does not repeat
itself word for word, and the same conversation is always worded the same.
"""

from __future__ import annotations

from heymilo_app.services.common import i18n

ACKS = 4

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "ack_0": "Thanks.",
        "ack_1": "Thank you.",
        "ack_2": "Got it, thanks.",
        "ack_3": "Thanks, that helps.",
        "follow_up_more": "Could you tell me a bit more? {hint}",
        "hint_example": "A concrete example would help: what you did, and how it turned out.",
        "follow_up_criterion": "Could you say more about {criterion} in that, with an example?",
        "clarify_yes_no": "Just to be sure I have it right: {question} A yes or no is fine.",
        "clarify_number": "Just to be sure I have it right: {question} A number is fine.",
        "clarify_empty": "Sorry, I did not catch that. {question}",
        "knowledge": "{answer}",
        "back_to_question": "Back to my question: {question}",
        "deferral": (
            "That is a good question. I do not have the answer, so I have passed it to the "
            "recruiter, who will get back to you."
        ),
        "recap": "To pick up where we left off: {done} of {total} questions done for the {job} role.",
        "nudge": "Just checking in about the {job} role. When you have a moment: {question}",
        "closing": (
            "That was my last question. Thank you for your time! The hiring team at {company} "
            "will be in touch about the next step."
        ),
        "after_end": "Thank you, the interview by text is finished; the hiring team will be in touch.",
        "handover": "Thanks. A recruiter will reply to you here in person.",
    },
    "es": {
        "ack_0": "Gracias.",
        "ack_1": "Muchas gracias.",
        "ack_2": "Entendido, gracias.",
        "ack_3": "Gracias, eso ayuda.",
        "follow_up_more": "¿Podría contarme un poco más? {hint}",
        "hint_example": "Un ejemplo concreto ayudaría: qué hizo y cómo resultó.",
        "follow_up_criterion": "¿Podría contarme más sobre {criterion} en eso, con un ejemplo?",
        "clarify_yes_no": "Para asegurarme de entenderlo bien: {question} Basta con un sí o un no.",
        "clarify_number": "Para asegurarme de entenderlo bien: {question} Basta con un número.",
        "clarify_empty": "Perdone, no lo he entendido. {question}",
        "knowledge": "{answer}",
        "back_to_question": "Volviendo a mi pregunta: {question}",
        "deferral": (
            "Buena pregunta. No tengo la respuesta, así que se la he pasado a la persona de "
            "selección, que le responderá."
        ),
        "recap": "Para retomar: {done} de {total} preguntas respondidas para el puesto de {job}.",
        "nudge": "Le escribo de nuevo sobre el puesto de {job}. Cuando pueda: {question}",
        "closing": (
            "Esa era mi última pregunta. ¡Gracias por su tiempo! El equipo de selección de "
            "{company} se pondrá en contacto sobre el siguiente paso."
        ),
        "after_end": "Gracias, la entrevista por mensaje ha terminado; el equipo se pondrá en contacto.",
        "handover": "Gracias. Una persona del equipo le responderá aquí.",
    },
    "fr": {
        "ack_0": "Merci.",
        "ack_1": "Merci beaucoup.",
        "ack_2": "C'est noté, merci.",
        "ack_3": "Merci, cela m'aide.",
        "follow_up_more": "Pourriez-vous m'en dire un peu plus ? {hint}",
        "hint_example": "Un exemple concret aiderait : ce que vous avez fait, et le résultat.",
        "follow_up_criterion": "Pourriez-vous m'en dire plus sur {criterion}, avec un exemple ?",
        "clarify_yes_no": "Pour être sûr de bien comprendre : {question} Un oui ou un non suffit.",
        "clarify_number": "Pour être sûr de bien comprendre : {question} Un nombre suffit.",
        "clarify_empty": "Pardon, je n'ai pas compris. {question}",
        "knowledge": "{answer}",
        "back_to_question": "Pour revenir à ma question : {question}",
        "deferral": (
            "Bonne question. Je n'ai pas la réponse : je l'ai transmise au recruteur, qui "
            "reviendra vers vous."
        ),
        "recap": "Pour reprendre : {done} questions sur {total} faites pour le poste de {job}.",
        "nudge": "Je reviens vers vous au sujet du poste de {job}. Quand vous aurez un moment : {question}",
        "closing": (
            "C'était ma dernière question. Merci pour votre temps ! L'équipe de recrutement de "
            "{company} vous contactera pour la suite."
        ),
        "after_end": "Merci, l'entretien par SMS est terminé ; l'équipe vous contactera.",
        "handover": "Merci. Un recruteur vous répondra ici en personne.",
    },
    "de": {
        "ack_0": "Danke.",
        "ack_1": "Vielen Dank.",
        "ack_2": "Verstanden, danke.",
        "ack_3": "Danke, das hilft.",
        "follow_up_more": "Können Sie mir etwas mehr dazu sagen? {hint}",
        "hint_example": "Ein konkretes Beispiel hilft: was Sie getan haben und wie es ausging.",
        "follow_up_criterion": "Können Sie mehr zu {criterion} sagen, mit einem Beispiel?",
        "clarify_yes_no": "Nur damit ich es richtig verstehe: {question} Ein Ja oder Nein genügt.",
        "clarify_number": "Nur damit ich es richtig verstehe: {question} Eine Zahl genügt.",
        "clarify_empty": "Entschuldigung, das habe ich nicht verstanden. {question}",
        "knowledge": "{answer}",
        "back_to_question": "Zurück zu meiner Frage: {question}",
        "deferral": (
            "Gute Frage. Die Antwort habe ich nicht; ich habe sie an das Recruiting-Team "
            "weitergegeben, das sich bei Ihnen meldet."
        ),
        "recap": "Zur Erinnerung: {done} von {total} Fragen zur Stelle {job} sind beantwortet.",
        "nudge": "Ich melde mich noch einmal wegen der Stelle {job}. Wenn Sie einen Moment haben: {question}",
        "closing": (
            "Das war meine letzte Frage. Vielen Dank für Ihre Zeit! Das Team von {company} "
            "meldet sich zum nächsten Schritt."
        ),
        "after_end": "Danke, das Interview per SMS ist beendet; das Team meldet sich bei Ihnen.",
        "handover": "Danke. Eine Person aus dem Team antwortet Ihnen hier.",
    },
    "pt": {
        "ack_0": "Obrigado.",
        "ack_1": "Muito obrigado.",
        "ack_2": "Entendido, obrigado.",
        "ack_3": "Obrigado, isso ajuda.",
        "follow_up_more": "Pode contar um pouco mais? {hint}",
        "hint_example": "Um exemplo concreto ajudaria: o que fez e qual foi o resultado.",
        "follow_up_criterion": "Pode dizer mais sobre {criterion} nisso, com um exemplo?",
        "clarify_yes_no": "Só para ter a certeza: {question} Basta um sim ou um não.",
        "clarify_number": "Só para ter a certeza: {question} Basta um número.",
        "clarify_empty": "Desculpe, não percebi. {question}",
        "knowledge": "{answer}",
        "back_to_question": "Voltando à minha pergunta: {question}",
        "deferral": (
            "Boa pergunta. Não tenho a resposta, por isso passei-a ao recrutador, que lhe "
            "responderá."
        ),
        "recap": "Para retomar: {done} de {total} perguntas respondidas para a vaga de {job}.",
        "nudge": "Volto a escrever sobre a vaga de {job}. Quando puder: {question}",
        "closing": (
            "Essa foi a minha última pergunta. Obrigado pelo seu tempo! A equipa de "
            "recrutamento da {company} entrará em contacto sobre o próximo passo."
        ),
        "after_end": "Obrigado, a entrevista por mensagem terminou; a equipa entrará em contacto.",
        "handover": "Obrigado. Uma pessoa da equipa vai responder-lhe aqui.",
    },
}


def say(language: str | None, key: str, **values: object) -> str:
    """One of the interviewer's sentences, in the stage's language, filled in.

    Args:
        language: The organization's language code.
        key: The sentence's key.
        **values: Its placeholders.

    Returns:
        The sentence (English when the language's catalog lacks the key).
    """
    catalog = PHRASES[i18n.language_or_default(language)]
    text = catalog.get(key) or PHRASES["en"][key]
    return text.format(**values) if values else text


def ack(language: str | None, position: int) -> str:
    """A short thank-you, varied by the turn's position.

    Args:
        language: The language code.
        position: The turn's sequence number.

    Returns:
        The acknowledgement.
    """
    return say(language, f"ack_{position % ACKS}")
