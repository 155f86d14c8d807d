"""Sample inputs that several test modules send: a complete intake form, hostile markdown."""

INTAKE_FORM = {
    "title": "Moestuin aan de Lindelaan",
    "summary": "Een moestuin voor de buurt.",
    "description": "We willen samen groenten kweken.",
    "theme": "groen",
    "wijk": "onbekend",
    "location": "Lindelaan",
    "support": ["advies", "geld"],
    "amount": "750",
    "wished_start": "2026-06-01",
    "name": "Fatima el Amrani",
    "email": "Fatima@Voorbeeld.example",
    "phone": "06 12345678",
    "contact_preference": "email",
    "consent": "y",
}

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '![x](https://evil.example/x.png" onerror="alert(1))',
    "<details open ontoggle=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<<script>script>alert(1)<</script>/script>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<form action="https://evil.example"><input name=x></form>',
    "<style>body{display:none}</style>",
]
