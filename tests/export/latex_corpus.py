"""The 200 LaTeX math commands that reviews of ML papers use most, each in a small expression.

Written by hand from the usual suspects: Greek letters, operators, relations, arrows, fonts,
accents, big operators, delimiters and environments; the order is roughly by frequency.
"""

from __future__ import annotations

CORPUS: tuple[str, ...] = (
    # Fractions, roots, sub/superscripts, sums and friends
    r"\frac{a}{b}", r"\sqrt{x}", r"\sqrt[3]{x}", r"\sum_{i=1}^n x_i", r"\prod_{i=1}^n p_i",
    r"\int_0^1 f(x)\,dx", r"\iint f", r"\oint f", r"\lim_{n \to \infty} a_n", r"\log p(x)",
    r"\exp(x)", r"\ln x", r"\max_\theta f", r"\min_\phi g", r"\sup_x f", r"\inf_x f",
    r"\arg\max_x f(x)", r"\arg\min_x f(x)", r"\det A", r"\dim V", r"\sin x", r"\cos x",
    r"\tan x", r"\tanh x", r"\sigma(x)", r"\binom{n}{k}", r"\dfrac{1}{2}", r"\tfrac{1}{2}",
    r"\operatorname{softmax}(z)", r"\operatorname*{arg\,max}_x f",
    # Greek, lower case
    r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\varepsilon", r"\zeta", r"\eta",
    r"\theta", r"\vartheta", r"\iota", r"\kappa", r"\lambda", r"\mu", r"\nu", r"\xi", r"\pi",
    r"\rho", r"\varrho", r"\tau", r"\upsilon", r"\phi", r"\varphi", r"\chi", r"\psi", r"\omega",
    # Greek, upper case
    r"\Gamma", r"\Delta", r"\Theta", r"\Lambda", r"\Xi", r"\Pi", r"\Sigma", r"\Upsilon",
    r"\Phi", r"\Psi", r"\Omega",
    # Fonts
    r"\mathbb{E}", r"\mathbb{R}^d", r"\mathcal{N}(0, I)", r"\mathcal{L}", r"\mathrm{KL}",
    r"\mathbf{x}", r"\boldsymbol{\theta}", r"\bm{z}", r"\mathit{x}", r"\mathsf{T}",
    r"\mathtt{x}", r"\mathfrak{g}", r"\mathscr{F}", r"\text{if } x > 0",
    r"\textrm{otherwise}", r"\textbf{bold}",
    # Accents
    r"\hat{x}", r"\tilde{x}", r"\bar{x}", r"\overline{xy}", r"\underline{x}", r"\vec{v}",
    r"\dot{x}", r"\ddot{x}", r"\widehat{xy}", r"\widetilde{xy}", r"\overbrace{a+b}^{n}",
    r"\underbrace{a+b}_{n}",
    # Binary operators
    r"a \cdot b", r"a \times b", r"a \div b", r"a \pm b", r"a \mp b", r"a \circ b",
    r"a \odot b", r"a \otimes b", r"a \oplus b", r"a \ominus b", r"A \cup B", r"A \cap B",
    r"A \setminus B", r"a \ast b", r"a \star b", r"a \bullet b", r"a \wedge b", r"a \vee b",
    r"A \bigcup B", r"\bigcap_i A_i", r"a \oslash b", r"a \land b", r"a \lor b",
    # Relations
    r"a \leq b", r"a \geq b", r"a \le b", r"a \ge b", r"a \neq b", r"a \ne b",
    r"a \approx b", r"a \sim b", r"a \simeq b", r"a \cong b", r"a \equiv b", r"a \propto b",
    r"a \ll b", r"a \gg b", r"x \in A", r"x \notin A", r"A \subset B", r"A \subseteq B",
    r"A \supset B", r"A \supseteq B", r"a \prec b", r"a \succ b", r"a \preceq b",
    r"a \mid b", r"a \parallel b", r"a \perp b", r"a \models b", r"a \vdash b",
    r"a \coloneqq b", r"a \triangleq b", r"a \doteq b",
    # Arrows
    r"a \to b", r"a \rightarrow b", r"a \leftarrow b", r"a \leftrightarrow b",
    r"a \Rightarrow b", r"a \Leftarrow b", r"a \Leftrightarrow b", r"a \implies b",
    r"a \iff b", r"a \mapsto b", r"a \gets b", r"a \longrightarrow b", r"a \uparrow b",
    r"a \downarrow b", r"a \hookrightarrow b", r"a \rightsquigarrow b",
    # Logic and sets
    r"\forall x", r"\exists x", r"\nexists x", r"\neg p", r"\lnot p", r"\emptyset",
    r"\varnothing", r"\infty", r"\partial f", r"\nabla f", r"\nabla_\theta \mathcal{L}",
    r"\aleph_0", r"\ell_2", r"\hbar", r"\Re z", r"\Im z", r"\top", r"\bot", r"\angle A",
    r"\triangle", r"\Box", r"\S 3",
    # Delimiters
    r"\left( \frac{a}{b} \right)", r"\left[ x \right]", r"\left\{ x \right\}",
    r"\langle x, y \rangle", r"\lvert x \rvert", r"\lVert x \rVert", r"\|x\|_2", r"|x|",
    r"\lfloor x \rfloor", r"\lceil x \rceil", r"\big( x \big)", r"\Big[ x \Big]",
    r"\bigg\{ x \bigg\}", r"\left. f \right|_{x=0}",
    # Dots and spacing
    r"x_1, \ldots, x_n", r"x_1 + \cdots + x_n", r"\vdots", r"\ddots", r"a \quad b",
    r"a \qquad b", r"a \, b", r"a \; b", r"a \! b", r"a \: b", r"a~b",
    # Environments and structure
    r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
    r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}",
    r"\begin{vmatrix} a & b \\ c & d \end{vmatrix}",
    r"\begin{matrix} a & b \\ c & d \end{matrix}",
    r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\begin{aligned} a &= b \\ c &= d \end{aligned}",
    r"\stackrel{\text{def}}{=}", r"\overset{!}{=}", r"\underset{x}{\min}",
    r"x^\top", r"A^{-1}", r"x^\prime", r"f'(x)", r"\sqrt{\frac{1}{n}\sum_i x_i^2}",
    # Common whole formulas
    r"\mathbb{E}_{q(z|x)}[\log p(x|z)] - \mathrm{KL}(q(z|x) \| p(z))",
    r"\mathcal{N}(\mu, \sigma^2 I)",
    r"\min_G \max_D \mathbb{E}_{x \sim p}[\log D(x)]",
    r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
    r"p_\theta(x) = \int p_\theta(x|z) p(z) \, dz",
)
