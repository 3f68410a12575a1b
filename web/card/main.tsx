// placeholder; replaced by the card page
document.getElementById('root')!.textContent = '连心';
