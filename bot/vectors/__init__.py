"""Vector models that ship inside installed packages (nothing is downloaded).

    files      reading model files: safetensors arrays and tokenizers
    words      static word vectors (WordLlama)
    sentences  sentence vectors (all-MiniLM-L6-v2, run with numpy)
"""
